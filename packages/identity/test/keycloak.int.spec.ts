import { createHash, randomBytes } from 'node:crypto';
import { Roles } from '@chungtay/contracts';
import { tokenVerifier } from '@chungtay/service-kit';
import { type Browser, keycloak, keycloakAdminToken, launchChromium, waitFor } from '@chungtay/testing';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, CLI_CLIENT, CONSOLE_CLIENT, KeycloakDirectory, REALM } from '../src/index.ts';

/**
 * The realm generated from the code, on the real Keycloak the run started (issue 21, items 1, 2, 6): what
 * it imported, the tokens it issues to the CLI and to a person signing in, and the platform's verifier
 * taking those and refusing every other kind.
 */
const { url, cliSecret } = keycloak();
const issuer = `${url}/realms/${REALM}`;
const verifier = tokenVerifier({
  issuer,
  audience: AUDIENCE,
  jwksUrl: `${issuer}/protocol/openid-connect/certs`,
});
const directory = new KeycloakDirectory(url, cliSecret);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/admin/realms${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await keycloakAdminToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const clientCredentials = async (realm: string, clientId: string, secret: string) => {
  const response = await fetch(
    `${url}/realms/${realm}/protocol/openid-connect/token`,
    form({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
};

/**
 * A person signs in on Keycloak's own page in Chromium, as the console sends them there (authorization code
 * with PKCE); the code that comes back to the console's address is exchanged for the tokens.
 */
async function signIn(username: string, password: string) {
  const verifierText = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifierText).digest('base64url');
  const redirectUri = 'http://127.0.0.1:4000/';
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  let returned: URL | undefined;
  await page.route(`${redirectUri}**`, async (route) => {
    returned = new URL(route.request().url());
    await route.fulfill({ status: 200, body: 'ok' });
  });
  const authorize = new URL(`${issuer}/protocol/openid-connect/auth`);
  for (const [name, value] of Object.entries({
    client_id: CONSOLE_CLIENT,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'a-state',
  }))
    authorize.searchParams.set(name, value);
  await page.goto(authorize.toString());
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForURL((address) => address.origin === 'http://127.0.0.1:4000');
  await context.close();
  const code = returned?.searchParams.get('code');
  expect(returned?.searchParams.get('state')).toBe('a-state');
  const response = await fetch(
    `${issuer}/protocol/openid-connect/token`,
    form({
      grant_type: 'authorization_code',
      code: code as string,
      redirect_uri: redirectUri,
      client_id: CONSOLE_CLIENT,
      code_verifier: verifierText,
    }),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string; id_token: string };
}

describe('the realm generated from the code, on the real Keycloak', () => {
  it('imported the nine roles, the console’s public PKCE client with its exact address, the CLI’s confidential one', async () => {
    const roles = await admin<Array<{ name: string }>>('GET', `/${REALM}/roles`);
    expect(roles.map((role) => role.name)).toEqual(expect.arrayContaining([...Roles.codes]));
    const [console] = await admin<Array<Record<string, unknown>>>(
      'GET',
      `/${REALM}/clients?clientId=${CONSOLE_CLIENT}`,
    );
    expect(console).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      redirectUris: ['http://127.0.0.1:4000/'],
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }),
    });
    const [cli] = await admin<Array<Record<string, unknown>>>(
      'GET',
      `/${REALM}/clients?clientId=${CLI_CLIENT}`,
    );
    expect(cli).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    });
  });

  it('gives the CLI a client-credentials token the platform takes, as an auditor', async () => {
    const caller = await verifier.verify(await clientCredentials(REALM, CLI_CLIENT, cliSecret));
    expect(caller).toMatchObject({ role: 'auditor', agency: 'inspectorate', communes: [] });
  });

  it('signs in a member added to the directory; their token carries role, unit and communes; disabled, they are refused', async () => {
    const username = `officer-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await directory.add(
      { username, role: 'commune_officer', unit: 'ubnd-21583', communes: ['21583'] },
      password,
    );
    const tokens = await signIn(username, password);
    const caller = await verifier.verify(tokens.access_token);
    expect(caller).toMatchObject({
      role: 'commune_officer',
      agency: 'commune',
      unit: 'ubnd-21583',
      communes: ['21583'],
    });
    // The refresh works while the account is enabled, and is refused once it is disabled.
    const refresh = (token: string) =>
      fetch(
        `${issuer}/protocol/openid-connect/token`,
        form({ grant_type: 'refresh_token', refresh_token: token, client_id: CONSOLE_CLIENT }),
      );
    const refreshed = await refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { refresh_token: string };
    // A refresh token is used once (the realm revokes it on use).
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
    await directory.disable(username);
    expect((await refresh(next.refresh_token)).status).toBe(400);
  });

  it('refuses tokens of another realm, another audience, alg none, and one signed by another key', async () => {
    // Another realm of the same Keycloak, with a client of its own.
    const other = `elsewhere-${randomBytes(3).toString('hex')}`;
    await admin('POST', '', {
      realm: other,
      enabled: true,
      clients: [
        {
          clientId: 'svc',
          publicClient: false,
          secret: 'svc-secret',
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
        },
      ],
    });
    await expect(verifier.verify(await clientCredentials(other, 'svc', 'svc-secret'))).rejects.toThrow();
    // This realm, a client whose tokens are not for the platform (no `chungtay` audience).
    await admin('POST', `/${REALM}/clients`, {
      clientId: `not-for-us-${other}`,
      publicClient: false,
      secret: 'nfu-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      defaultClientScopes: [],
    });
    const notForUs = await clientCredentials(REALM, `not-for-us-${other}`, 'nfu-secret');
    await expect(verifier.verify(notForUs)).rejects.toThrow();
    // A genuine token's claims, unsigned (alg none), and signed by a key that is not the realm's.
    const genuine = await clientCredentials(REALM, CLI_CLIENT, cliSecret);
    const [, payload] = genuine.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(verifier.verify(none)).rejects.toThrow();
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(genuine).kid as string })
      .sign(privateKey);
    expect((await exportJWK(publicKey)).kty).toBe('RSA');
    await expect(verifier.verify(forged)).rejects.toThrow();
    // The genuine one is taken: the refusals above are the verifier's, not a broken setup.
    await expect(verifier.verify(genuine)).resolves.toMatchObject({ role: 'auditor' });
  });

  it('refuses a token of the realm once it has expired', async () => {
    // A client of the realm whose tokens live 2 seconds (the realm's own live 5 minutes).
    const clientId = `short-lived-${randomBytes(3).toString('hex')}`;
    await admin('POST', `/${REALM}/clients`, {
      clientId,
      publicClient: false,
      secret: 'short-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      defaultClientScopes: ['chungtay'],
      attributes: { 'access.token.lifespan': '2' },
    });
    // Its service account reads as an auditor, as the CLI's does.
    const [client] = await admin<Array<{ id: string }>>('GET', `/${REALM}/clients?clientId=${clientId}`);
    const account = await admin<{ id: string }>(
      'GET',
      `/${REALM}/clients/${client?.id}/service-account-user`,
    );
    const auditor = await admin<Record<string, unknown>>('GET', `/${REALM}/roles/auditor`);
    await admin('POST', `/${REALM}/users/${account.id}/role-mappings/realm`, [auditor]);
    const token = await clientCredentials(REALM, clientId, 'short-secret');
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'auditor' });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as {
      exp: number;
    };
    // Once its own expiry has passed, it is refused.
    await waitFor(async () => (Date.now() / 1000 > exp + 1 ? true : undefined), {
      what: 'the token’s expiry to pass',
    });
    await expect(verifier.verify(token)).rejects.toThrow();
  });
});
