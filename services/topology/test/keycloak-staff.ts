import { randomBytes } from 'node:crypto';
import type { Role } from '@chungtay/contracts';
import { demoUsers } from '@chungtay/demo';
import { AUDIENCE, CONSOLE_CLIENT, KeycloakDirectory, REALM } from '@chungtay/identity';
import { keycloak, keycloakSignIn, type SignedIn } from '@chungtay/testing';

/**
 * The staff a topology test acts as, in the demo users' units, as accounts of the run's real Keycloak (issue 21: the topology's e2e
 * test runs on Keycloak): each added to the directory when first needed, signed in through Keycloak's own
 * login (authorization code with PKCE), signed in again when its short-lived token is about to lapse.
 */
export function keycloakStaff(communesOf: (role: Role) => string[]) {
  const { url, cliSecret } = keycloak();
  const issuer = `${url}/realms/${REALM}`;
  const directory = new KeycloakDirectory(url, cliSecret);
  const tag = randomBytes(3).toString('hex');
  const password = randomBytes(12).toString('base64url');
  const accounts = new Map<string, Promise<string>>();
  const sessions = new Map<string, SignedIn>();

  const accountOf = (role: Role, name: string) => {
    const username = `${name.replaceAll('_', '-')}.${tag}`.toLowerCase();
    let made = accounts.get(username);
    if (!made) {
      made = directory
        .add({ username, role, unit: demoUsers[role].unit, communes: communesOf(role) }, password)
        .then(() => username);
      accounts.set(username, made);
    }
    return made;
  };

  /** A person's bearer token and their subject (Keycloak's id of the account). */
  async function tokenOf(role: Role, name: string = role): Promise<{ token: string; sub: string }> {
    const username = await accountOf(role, name);
    let session = sessions.get(username);
    if (!session || session.expiresAt - Date.now() < 60_000) {
      session = await keycloakSignIn({
        issuer,
        clientId: CONSOLE_CLIENT,
        redirectUri: 'http://127.0.0.1:4000/',
        username,
        password,
      });
      sessions.set(username, session);
    }
    const payload = JSON.parse(
      Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { sub: string };
    return { token: session.accessToken, sub: payload.sub };
  }

  return {
    oidc: { issuer, audience: AUDIENCE, jwksUrl: `${issuer}/protocol/openid-connect/certs` },
    tokenOf,
  };
}
