import { useCallback, useState } from 'react';

/**
 * Drafts are kept in this tab's session storage (decision 0048): a reload or an expired session does not
 * lose what was typed, and the same idempotency key goes with it; closing the tab or signing out drops it.
 */
const PREFIX = 'chungtay-draft:';

export function useStoredState<T>(key: string, initial: () => T) {
  const storageKey = PREFIX + key;
  const [value, setValue] = useState<T>(() => {
    const stored = sessionStorage.getItem(storageKey);
    if (stored === null) return initial();
    try {
      return JSON.parse(stored) as T;
    } catch {
      return initial();
    }
  });
  const update = useCallback(
    (next: T | ((current: T) => T)) =>
      setValue((current) => {
        const updated = typeof next === 'function' ? (next as (current: T) => T)(current) : next;
        sessionStorage.setItem(storageKey, JSON.stringify(updated));
        return updated;
      }),
    [storageKey],
  );
  const forget = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return [value, update, forget] as const;
}

/** Signing out on purpose drops every draft of this tab (an expired session keeps them). */
export function forgetAllDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}
