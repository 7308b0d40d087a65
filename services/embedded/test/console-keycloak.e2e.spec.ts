import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '@chungtay/console/build';
import { KeycloakDirectory, REALM } from '@chungtay/identity';
import { type Browser, keycloak, keycloakSignIn, launchChromium, type Page } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import { allowConsoleAt, freePort, seriousViolations } from './console-helpers.ts';

// Issue 21, item 6: the console signs in through the real Keycloak with the realm generated from the code,
// as a member the staff directory added; works a case; signs out through Keycloak's end-session.
const { url, cliSecret } = keycloak();
const issuer = `${url}/realms/${REALM}`;
const directory = new KeycloakDirectory(url, cliSecret);
let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;
let clientId: string;
const username = `officer-${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('base64url');

beforeAll(async () => {
  await buildConsole();
  const port = await freePort();
  clientId = await allowConsoleAt(`http://127.0.0.1:${port}`);
  await directory.add(
    { username, role: 'commune_officer', unit: 'ubnd-21583', communes: ['21583'] },
    password,
  );
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-keycloak-'));
  platform = await startEmbedded({
    dataDir,
    port,
    deadlineCheckMs: 0,
    demo: { cases: 6 },
    oidc: { issuer, clientId },
  });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function signInOnKeycloak(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
  await page.waitForURL((address) => address.origin === url);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
}

describe('the console through the real Keycloak', () => {
  it('signs in a member of the directory, shows their commune’s cases and a case’s steps, signs out at Keycloak', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${platform.url}/`);
    await signInOnKeycloak(page);
    await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
    expect(await page.locator('.who').textContent()).toBe('Người làm công tác bảo vệ trẻ em cấp xã');
    expect(new URL(page.url()).search).toBe('');
    await page.locator('.queue .case').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Working a case: its page, with the steps the case service offers this officer.
    await page.locator('.queue .case a').first().click();
    await page.getByRole('heading', { name: 'Diễn biến vụ việc' }).waitFor();
    await page.getByRole('heading', { name: 'Các bước có thể thực hiện' }).waitFor();
    // Signing out ends the Keycloak session too: the next sign-in asks for the account again.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).waitFor();
    expect(new URL(page.url()).origin).toBe(platform.url);
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
    await page.waitForURL((address) => address.origin === url);
    await page.locator('#username').waitFor();
    await context.close();
  });

  it('refuses with 401 the embedded issuer’s tokens, and Keycloak’s unsigned, tampered or cut short', async () => {
    const own = await fetch(platform.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${platform.tokens.commune_officer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(own.status).toBe(401);
    // Nor a Keycloak token's claims unsigned, or re-signed by another key, or cut short: all 401.
    const genuine = await keycloakSignIn({
      issuer,
      clientId,
      redirectUri: `${platform.url}/`,
      username,
      password,
    });
    const [header, payload, signature] = genuine.accessToken.split('.') as [string, string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), communes: ['23575'] }),
    ).toString('base64url')}.${signature}`;
    const status = async (token: string) =>
      (
        await fetch(platform.graphqlUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ viewer { role } }' }),
        })
      ).status;
    expect(await status(none)).toBe(401);
    expect(await status(tampered)).toBe(401);
    expect(await status(genuine.accessToken.slice(0, -4))).toBe(401);
    expect(await status(genuine.accessToken)).toBe(200);
  });
});
