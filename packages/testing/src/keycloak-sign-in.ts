import { createHash, randomBytes } from 'node:crypto';

/** The tokens Keycloak issues at the end of a sign-in. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly idToken: string;
  /** When the access token lapses (ms since the epoch), as Keycloak says it does. */
  readonly expiresAt: number;
}

/** Cookies as a browser keeps them for one site: the last value of each name. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const decodeEntities = (text: string) =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

/**
 * Signs a person in at a real Keycloak as a browser would, without one: the authorization code flow with
 * PKCE through Keycloak's own login form (its cookies kept), the code exchanged at the token endpoint. For
 * tests that need many people's tokens from the real provider, where Chromium would only add minutes;
 * the console's own sign-in is tested in Chromium.
 */
export async function keycloakSignIn(options: {
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly password: string;
}): Promise<SignedIn> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(`${options.issuer}/protocol/openid-connect/auth`);
  for (const [name, value] of Object.entries({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  }))
    authorize.searchParams.set(name, value);
  const jar = new CookieJar();
  const page = await fetch(authorize, { redirect: 'manual' });
  jar.take(page);
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`Keycloak showed no login form (${page.status})`);
  const login = await fetch(decodeEntities(action), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ username: options.username, password: options.password, credentialId: '' }),
  });
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new Error(`Keycloak refused the sign-in (${login.status})`);
  const returned = new URL(location);
  const code = returned.searchParams.get('code');
  if (!code || returned.searchParams.get('state') !== state)
    throw new Error('Keycloak sent back no code for this sign-in');
  return tokensFrom(
    await fetch(`${options.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri,
        client_id: options.clientId,
        code_verifier: verifier,
      }),
    }),
  );
}

/** The refresh grant, as the console makes it: new tokens, or the status Keycloak refused it with. */
export async function keycloakRefresh(options: {
  readonly issuer: string;
  readonly clientId: string;
  readonly refreshToken: string;
}): Promise<SignedIn | { readonly refused: number }> {
  const response = await fetch(`${options.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: options.refreshToken,
      client_id: options.clientId,
    }),
  });
  if (!response.ok) return { refused: response.status };
  return tokensFrom(response);
}

async function tokensFrom(response: Response): Promise<SignedIn> {
  if (!response.ok) throw new Error(`Keycloak issued no token (${response.status})`);
  const body = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    id_token: string;
    expires_in: number;
  };
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    idToken: body.id_token,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}
