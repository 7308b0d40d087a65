import type { Role } from '@chungtay/contracts/browser';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { forgetAllDrafts } from './forms/stored.ts';

/** A demo user the embedded default offers at sign-in (no personal data: a role, a commune, a unit). */
export interface DemoUser {
  readonly role: Role;
  readonly communes: readonly string[];
  readonly unit?: string;
}

export interface Session {
  readonly token: string;
  readonly user: DemoUser;
  /** Signed in with the province's identity provider: ends the person's session there too. */
  readonly endSession?: () => Promise<void>;
  /** When the token lapses (ms since the epoch), if the provider said. */
  readonly expiresAt?: number;
  /** A new session from the provider before this one lapses; it throws when the provider refuses. */
  readonly renew?: () => Promise<Session>;
}

/** How long before the token lapses the console asks for a new one. */
const RENEW_AHEAD_MS = 60_000;

/**
 * The token lives in this page's memory only (decision 0045): no cookie, so no request is authorised by the
 * browser on its own and a forged cross-site request carries nothing; a reload signs the user out.
 */
const SessionContext = createContext<{
  session: Session | undefined;
  expired: boolean;
  signIn: (session: Session) => void;
  signOut: (expired?: boolean) => void;
}>({ session: undefined, expired: false, signIn: () => undefined, signOut: () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>();
  const [expired, setExpired] = useState(false);
  const signIn = useCallback((next: Session) => {
    setExpired(false);
    setSession(next);
  }, []);
  const signOut = useCallback(
    (wasExpired = false) => {
      if (!wasExpired) forgetAllDrafts();
      setExpired(wasExpired);
      setSession(undefined);
      // A person who signs out leaves the provider signed out too, or the next sign-in would not ask who
      // they are (a shared computer in a commune office). An expired token keeps the provider's session.
      if (!wasExpired) void session?.endSession?.();
    },
    [session],
  );
  // Renewed a minute before it lapses, while the page is open; refused (the account disabled, moved or
  // signed out elsewhere), the session ends as an expired one: back to sign-in, drafts kept.
  useEffect(() => {
    const renew = session?.renew;
    if (!renew || session.expiresAt === undefined) return;
    const timer = setTimeout(
      () => {
        renew().then(setSession, () => {
          setExpired(true);
          setSession(undefined);
        });
      },
      Math.max(5_000, session.expiresAt - Date.now() - RENEW_AHEAD_MS),
    );
    return () => clearTimeout(timer);
  }, [session]);
  return (
    <SessionContext.Provider value={{ session, expired, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export const useSession = () => useContext(SessionContext);
