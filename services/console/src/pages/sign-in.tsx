import { communeLabel, Roles } from '@chungtay/contracts/browser';
import { useEffect, useState } from 'react';
import { useLanguage } from '../i18n.tsx';
import { type DemoUser, useSession } from '../session.tsx';

/** The embedded default's sign-in: its demo users by role and commune, one click each. */
export function SignIn() {
  const { t } = useLanguage();
  const { signIn, expired } = useSession();
  const [users, setUsers] = useState<DemoUser[] | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch('/console/demo-users')
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        setUsers(((await response.json()) as { users: DemoUser[] }).users);
      })
      .catch(() => setFailed(true));
  }, []);
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
      <p>{t('signInDemo')}</p>
      {failed && <p role="alert">{t('error')}</p>}
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
    </main>
  );
}
