import { useCallback, useEffect, useState } from 'react';
import { graphql, ServiceUnavailable, SessionExpired } from './api.ts';
import { useSession } from './session.tsx';

export type QueryState<Data> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: Data }
  | { readonly status: 'failed'; readonly unavailable: boolean };

/** A gateway query for the signed-in user; an expired session sends them back to sign-in. */
export function useQuery<Data>(query: string, variables: Record<string, unknown>) {
  const { session, signOut } = useSession();
  const [state, setState] = useState<QueryState<Data>>({ status: 'loading' });
  const key = JSON.stringify(variables);
  const run = useCallback(async () => {
    if (!session) return;
    try {
      const data = await graphql<Data>(session.token, query, JSON.parse(key) as Record<string, unknown>);
      setState({ status: 'ready', data });
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      setState({ status: 'failed', unavailable: error instanceof ServiceUnavailable });
    }
  }, [session, signOut, query, key]);
  useEffect(() => {
    void run();
  }, [run]);
  return { state, reload: run };
}
