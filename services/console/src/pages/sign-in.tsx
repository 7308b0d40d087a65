import { communeLabel, Roles } from '@chungtay/contracts/browser';
import { useEffect, useState } from 'react';
import { useLanguage } from '../i18n.tsx';
import { completeSignIn, type OidcConfig, startSignIn } from '../oidc.ts';
import { type DemoUser, useSession } from '../session.tsx';

type Config =
  | { readonly signIn: 'demo' }
  | ({ readonly signIn: 'oidc' } & OidcConfig)
  | { readonly signIn: 'none' };

/**
 * Sign-in: the embedded default lists its demo users by role and commune, one click each; a production
 * platform sends people to the province's identity provider (OpenID Connect, decision 0053).
 */
export function SignIn() {
  const { t } = useLanguage();
  const { signIn, expired } = useSession();
  const [config, setConfig] = useState<Config | undefined>();
  const [users, setUsers] = useState<DemoUser[] | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const load = async () => {
      // Both at once: on a slow link each round trip is what the person waits for (the list is a 404 where
      // there are no demo users, and is not used then).
      const [configured, listed] = await Promise.all([
        fetch('/console/config'),
        fetch('/console/demo-users'),
      ]);
      const found = (await configured.json()) as Config;
      setConfig(found);
      if (found.signIn === 'oidc') {
        // Back from the provider: the code becomes the session.
        const returned = await completeSignIn(found);
        if (returned) signIn(returned);
      }
      if (found.signIn === 'demo') {
        if (!listed.ok) throw new Error(String(listed.status));
        setUsers(((await listed.json()) as { users: DemoUser[] }).users);
      }
    };
    load().catch(() => setFailed(true));
  }, [signIn]);
  const choose = async (user: DemoUser) => {
    const response = await fetch('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: user.role }),
    });
    if (!response.ok) return setFailed(true);
    const { token } = (await response.json()) as { token: string };
    signIn({ token, user });
  };
  return (
    <main id="main" tabIndex={-1} className="page narrow">
      <h1>{t('signInTitle')}</h1>
      {expired && (
        <p className="notice" role="alert">
          {t('expired')}
        </p>
      )}
      {failed && <p role="alert">{t('error')}</p>}
      {!config && !failed && <p>{t('loading')}</p>}
      {config?.signIn === 'oidc' && (
        <>
          <p>{t('signInOidc')}</p>
          <button
            type="button"
            className="primary"
            onClick={() => void startSignIn(config).catch(() => setFailed(true))}
          >
            {t('signInWithProvider')}
          </button>
        </>
      )}
      {config?.signIn === 'demo' && (
        <>
          <p>{t('signInDemo')}</p>
          {!users && !failed && <p>{t('loading')}</p>}
          <ul className="users">
            {users?.map((user) => (
              <li key={user.role}>
                <button type="button" className="user" onClick={() => void choose(user)}>
                  <strong>{Roles.labels[user.role]}</strong>
                  <span>
                    {[user.unit, ...user.communes.map(communeLabel)].filter(Boolean).join(' · ') || '—'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
