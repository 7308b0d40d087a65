import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '@chungtay/console/build';
import { type Browser, launchChromium } from '@chungtay/testing';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import { freePort } from './console-helpers.ts';

/**
 * Issue 18, item 5: sign-in as production does it, OpenID Connect's authorization code flow with PKCE, against
 * a real provider (panva's oidc-provider, an OpenID Certified implementation; the province's Keycloak is
 * issue 21's), in Chromium. The platform takes the provider's tokens and no other.
 */
let provider: Server;
let issuer: string;
let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;
const tokenRequests: string[] = [];

beforeAll(async () => {
  await buildConsole();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: 'province-1', alg: 'ES256', use: 'sig' };
  // The platform's address is the client's redirect URI: both ports are known before the provider is made.
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-oidc-'));
  const [providerPort, platformPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${providerPort}`;
  const redirectUris = [`http://127.0.0.1:${platformPort}/`];
  const oidc = new Provider(issuer, {
    clients: [
      {
        client_id: 'chungtay-console',
        redirect_uris: redirectUris,
        post_logout_redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [signing] },
    features: {
      devInteractions: { enabled: true },
      // Access tokens as JWTs for the platform's audience, carrying the staff directory's claims.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:chungtay:gateway',
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid',
          audience: 'chungtay',
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    extraTokenClaims: () => ({ role: 'commune_officer', agency: 'commune', communes: ['21583'] }),
    findAccount: (_context, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    // The province's staff consent once, when their account is made: no consent page each time.
    loadExistingGrant: async (context) => {
      const grant = new context.oidc.provider.Grant({
        clientId: context.oidc.client?.clientId as string,
        accountId: context.oidc.session?.accountId as string,
      });
      grant.addOIDCScope('openid');
      grant.addResourceScope('urn:chungtay:gateway', 'openid');
      await grant.save();
      return grant;
    },
  });
  oidc.use(async (context, next) => {
    if (context.path === '/token') tokenRequests.push(context.method);
    await next();
  });
  provider = oidc.listen(providerPort);
  platform = await startEmbedded({
    dataDir,
    port: platformPort,
    deadlineCheckMs: 0,
    demo: { cases: 6 },
    oidc: { issuer, clientId: 'chungtay-console' },
  });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await new Promise((resolve) => provider?.close(resolve));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('signing in with the province’s identity provider', () => {
  it('goes to the provider and back with a code, exchanged with its PKCE verifier for the token the gateway takes', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('request', (request) => visited.push(request.url()));
    await page.goto(`${platform.url}/`);
    // No demo users here, and nothing that mints a token.
    expect(await page.locator('.users button').count()).toBe(0);
    expect((await fetch(`${platform.url}/console/demo-users`)).status).toBe(404);
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
    // The provider's own sign-in page.
    await page.waitForURL((url) => url.origin === issuer);
    const authorize = new URL(visited.find((url) => url.startsWith(`${issuer}/auth`)) as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    await page.locator('input[name="login"]').fill('officer-quy-nhon');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // Back on the console, signed in as the provider said, the code gone from the address.
    await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('.who').textContent()).toBe('Người làm công tác bảo vệ trẻ em cấp xã');
    await page.locator('.queue .case').first().waitFor();
    expect(tokenRequests).toEqual(['POST']);
    // The platform takes the provider's tokens only: its own issuer's are refused.
    const own = await fetch(platform.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${platform.tokens.commune_officer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(own.status).toBe(401);
    await context.close();
  });

  it('signs out at the provider too: the next sign-in asks who the person is again', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${platform.url}/`);
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('input[name="login"]').fill('officer-quy-nhon');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    // The provider's sign-out (RP-Initiated Logout), then back to the console's sign-in page.
    await page.waitForURL((url) => url.origin === issuer);
    expect(new URL(page.url()).searchParams.get('post_logout_redirect_uri')).toBe(`${platform.url}/`);
    expect(new URL(page.url()).searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).waitFor();
    expect(new URL(page.url()).origin).toBe(platform.url);
    // Signing in again: the provider asks for the account, it does not hand back the old session.
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  });

  it('refuses a return it did not start (a forged code and state), and stays signed out', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${platform.url}/?code=forged&state=forged`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Đã có lỗi. Vui lòng thử lại.');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).isVisible()).toBe(
      true,
    );
    await context.close();
  });
});
