import { useCallback, useEffect, useRef, useState } from 'react';
import { request, ServiceUnavailable, SessionExpired } from './api.ts';
import type { TadaDocumentNode } from './graphql.ts';
import { useSession } from './session.tsx';

export type QueryState<Data> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: Data }
  | { readonly status: 'failed'; readonly unavailable: boolean };

/** A typed gateway query for the signed-in user; an expired session sends them back to sign-in. */
export function useQuery<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
) {
  const { session, signOut } = useSession();
  const [state, setState] = useState<QueryState<Result>>({ status: 'loading' });
  const key = JSON.stringify(variables);
  // Live notices can come faster than answers: one read at a time, and one more after it if asked meanwhile.
  const reading = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });
  const run = useCallback(async () => {
    if (!session) return;
    if (reading.current.busy) {
      reading.current.again = true;
      return;
    }
    reading.current.busy = true;
    try {
      do {
        reading.current.again = false;
        try {
          const data = await request(session.token, document, JSON.parse(key) as Variables);
          setState({ status: 'ready', data });
        } catch (error) {
          if (error instanceof SessionExpired) return signOut(true);
          setState({ status: 'failed', unavailable: error instanceof ServiceUnavailable });
        }
      } while (reading.current.again);
    } finally {
      reading.current.busy = false;
    }
  }, [session, signOut, document, key]);
  useEffect(() => {
    void run();
  }, [run]);
  return { state, reload: run };
}
