import type { Role } from '@chungtay/contracts/browser';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
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
}

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
  return (
    <SessionContext.Provider value={{ session, expired, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export const useSession = () => useContext(SessionContext);
