import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildConsole } from '@chungtay/console/build';
import { KeycloakDirectory, REALM } from '@chungtay/identity';
import {
  type Browser,
  keycloak,
  keycloakRefresh,
  keycloakSignIn,
  launchChromium,
  type Page,
  waitFor,
} from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import {
  allowConsoleAt,
  freePort,
  openStep as openStepAt,
  record,
  seriousViolations,
} from './console-helpers.ts';

// Issue 21: people of the province's directory, in Keycloak, working one case across two communes in two
// browser sessions (items 3, 5, 6): an officer of Quy Nhơn hands a case to Pleiku, whose officer accepts it;
// an officer moved to another commune loses the old commune's cases at their next token; a disabled officer's
// refresh and sign-in are refused.
const QUY_NHON = '21583';
const PLEIKU = '23575';
const { url, cliSecret } = keycloak();
const issuer = `${url}/realms/${REALM}`;
const directory = new KeycloakDirectory(url, cliSecret);
const shots = join(tmpdir(), 'chungtay-console-shots');
const tag = randomBytes(3).toString('hex');
const people = {
  quyNhon: { username: `officer.qn.${tag}`, unit: `ubnd-${QUY_NHON}` },
  pleiku: { username: `officer.pk.${tag}`, unit: `ubnd-${PLEIKU}` },
  mover: { username: `officer.mv.${tag}`, unit: `ubnd-${QUY_NHON}` },
  renewer: { username: `officer.rn.${tag}`, unit: `ubnd-${QUY_NHON}` },
} as const;
const password = randomBytes(12).toString('base64url');
let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;
let clientId: string;

beforeAll(async () => {
  await buildConsole();
  await mkdir(shots, { recursive: true });
  const port = await freePort();
  clientId = await allowConsoleAt(`http://127.0.0.1:${port}`);
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-people-'));
  // The officers as the province's IT staff add them: with `chungtay users`, placed in their commune's unit.
  await writeFile(join(dataDir, 'password'), password);
  for (const person of Object.values(people))
    expect(
      await chungtay(
        ...['users', 'add', '--username', person.username, '--role', 'commune_officer'],
        ...['--unit', person.unit, '--password-file', join(dataDir, 'password'), '--json'],
      ),
    ).toBe('{"added":1}\n');
  platform = await startEmbedded({
    dataDir,
    port,
    deadlineCheckMs: 0,
    demo: { cases: 4 },
    oidc: { issuer, clientId },
  });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const cli = fileURLToPath(new URL('../../../packages/cli/bin/chungtay.mjs', import.meta.url));
/** The operator's command line, as its own process, against the run's Keycloak. */
async function chungtay(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
    env: { ...process.env, KEYCLOAK_URL: url, CHUNGTAY_CLI_SECRET: cliSecret },
  });
  return stdout;
}

const tokensOf = (username: string) =>
  keycloakSignIn({ issuer, clientId, redirectUri: `${platform.url}/`, username, password });

async function ask<Data>(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(platform.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: Data; errors?: unknown[] }) };
}

const QUEUE = '{ workQueue(first: 100) { edges { node { id } } } }';
const queueIds = async (token: string) =>
  (
    await ask<{ workQueue: { edges: Array<{ node: { id: string } }> } }>(token, QUEUE)
  ).data?.workQueue.edges.map(({ node }) => node.id) ?? [];

/** A report received at the Quy Nhơn People's Committee by its officer: the commune's case at once. */
async function reportAtQuyNhon(token: string): Promise<string> {
  const caseId = randomUUID();
  const answer = await ask(
    token,
    'mutation R($report: ReceiveReportInput!) { receiveReport(report: $report) { id } }',
    {
      report: {
        caseId,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        channel: 'WALK_IN',
        incidentCommuneCode: QUY_NHON,
        category: 'AT_RISK',
        formsOfHarm: ['NEGLECT'],
        child: { childId: randomUUID(), fullName: 'Rơ Lan H’Nhi', estimatedAge: 8, sex: 'FEMALE' },
        relatives: [],
        narrative: 'Gia đình sắp chuyển lên Pleiku, trẻ thường ở nhà một mình.',
        reporter: { consentToRecordIdentity: false },
      },
    },
  );
  expect(answer.errors).toBeUndefined();
  return caseId;
}

/** A member of the directory signed in on Keycloak's page from the console, in their own browser session. */
async function signedIn(username: string, withClock = false): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  // The page's clock under the test's hand: minutes pass at once, Keycloak's answers stay real.
  if (withClock) await page.clock.install();
  await page.goto(`${platform.url}/`);
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).click();
  await page.waitForURL((address) => address.origin === url);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
  return page;
}

const openStep = (page: Page, caseId: string, title: string) => openStepAt(page, platform.url, caseId, title);

const eventTypes = async (caseId: string) =>
  (await platform.store.readStream(`case-${caseId}`)).map((event) => event.type);

describe('people of the directory work one case across two communes', () => {
  it('Quy Nhơn’s officer hands the case to Pleiku; Pleiku’s officer, in another session, accepts it; Quy Nhơn then reads it as it left', async () => {
    const caseId = await reportAtQuyNhon((await tokensOf(people.quyNhon.username)).accessToken);
    const quyNhon = await signedIn(people.quyNhon.username);
    const pleiku = await signedIn(people.pleiku.username);

    await openStep(quyNhon, caseId, 'Chuyển vụ việc sang xã, phường khác');
    await quyNhon.getByLabel('UBND cấp xã tiếp nhận').fill('pleiku');
    await quyNhon.getByRole('button', { name: 'phường Pleiku', exact: true }).click();
    await quyNhon.getByLabel('Lý do').selectOption({ label: 'Trẻ em chuyển nơi cư trú' });
    await quyNhon.getByLabel('Ghi chú').fill('Gia đình đã chuyển đến tổ 5, phường Pleiku.');
    expect(await seriousViolations(quyNhon)).toEqual([]);
    await record(quyNhon);
    expect((await eventTypes(caseId)).at(-1)).toBe('CaseTransferRequested');
    await quyNhon.goto(`${platform.url}/#/cases/${caseId}`);
    await quyNhon.getByText(/đang chờ tiếp nhận: phường Pleiku/).waitFor();
    expect(await quyNhon.locator('.steps a').allTextContents()).toContain('Rút đề nghị chuyển vụ việc');

    // Pleiku's officer finds it in their queue, marked as offered, and reads it before answering.
    // (Its queue is live: the offer appears once it has reached the read model.)
    await pleiku.locator(`.queue .case a[href="#/cases/${caseId}"]`).waitFor();
    expect(
      await pleiku.locator(`.queue .case:has(a[href="#/cases/${caseId}"]) .case-transfer`).innerText(),
    ).toContain('phường Pleiku');
    await pleiku.screenshot({ path: join(shots, 'transfer-offered-queue.png'), fullPage: true });
    await openStep(pleiku, caseId, 'Tiếp nhận vụ việc chuyển đến');
    await record(pleiku);
    expect((await eventTypes(caseId)).at(-1)).toBe('CaseTransferAccepted');

    // Now Pleiku's: its officer may take it; Quy Nhơn reads the case as it stood, with no step offered.
    await pleiku.goto(`${platform.url}/#/cases/${caseId}`);
    await pleiku.getByRole('heading', { name: /phường Pleiku/, level: 1 }).waitFor();
    await openStep(pleiku, caseId, 'Nhận phụ trách vụ việc');
    await record(pleiku);
    await pleiku.goto(`${platform.url}/#/cases/${caseId}`);
    await pleiku.getByText('Bạn phụ trách vụ việc này').waitFor();
    // It is no longer in Quy Nhơn's queue; opened again, the case reads as it stood when handed over.
    await quyNhon.getByRole('link', { name: 'Danh sách vụ việc' }).click();
    await quyNhon.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
    await quyNhon.locator('.queue').waitFor();
    await quyNhon.locator(`.queue a[href="#/cases/${caseId}"]`).waitFor({ state: 'detached' });
    await quyNhon.goto(`${platform.url}/#/cases/${caseId}`);
    await quyNhon.getByText(/đây là hồ sơ tại thời điểm bàn giao/).waitFor();
    expect(await quyNhon.locator('.steps a').count()).toBe(0);
    expect(await seriousViolations(quyNhon)).toEqual([]);
    await quyNhon.screenshot({ path: join(shots, 'transfer-handed-over.png'), fullPage: true });
    await quyNhon.context().close();
    await pleiku.context().close();
  });

  it('an officer moved to Pleiku loses Quy Nhơn’s cases at the next token; disabled, their refresh and sign-in are refused', async () => {
    const before = await tokensOf(people.mover.username);
    const caseId = await reportAtQuyNhon(before.accessToken);
    // The queue is a read model: it has the case once the report has reached it.
    await waitFor(async () => (await queueIds(before.accessToken)).includes(caseId) || undefined, {
      what: 'the new case in the Quy Nhơn officer’s queue',
    });

    await directory.move(people.mover.username, { unit: `ubnd-${PLEIKU}`, communes: [PLEIKU] });
    // The move ended the sessions: the refresh is refused, and the next sign-in carries Pleiku.
    expect(await keycloakRefresh({ issuer, clientId, refreshToken: before.refreshToken })).toEqual({
      refused: 400,
    });
    const after = await tokensOf(people.mover.username);
    const viewer = await ask<{ viewer: { communes: string[]; unit: string } }>(
      after.accessToken,
      '{ viewer { communes unit } }',
    );
    expect(viewer.data?.viewer).toEqual({ communes: [PLEIKU], unit: `ubnd-${PLEIKU}` });
    expect(await queueIds(after.accessToken)).not.toContain(caseId);
    const read = await ask<{ case: unknown }>(
      after.accessToken,
      'query ($id: ID!) { case(id: $id) { id } }',
      {
        id: caseId,
      },
    );
    expect(read.data?.case).toBeNull();

    await directory.disable(people.mover.username);
    expect(await keycloakRefresh({ issuer, clientId, refreshToken: after.refreshToken })).toEqual({
      refused: 400,
    });
    await expect(tokensOf(people.mover.username)).rejects.toThrow(/refused the sign-in|no login form/);
  });

  it('the console renews its token before it lapses; once the account is disabled, the renewal is refused and it returns to sign-in with the draft kept', async () => {
    const caseId = await reportAtQuyNhon((await tokensOf(people.renewer.username)).accessToken);
    const page = await signedIn(people.renewer.username, true);
    const renewed = () =>
      page.waitForResponse(
        (response) =>
          response.url().startsWith(`${issuer}/protocol/openid-connect/token`) &&
          (response.request().postData() ?? '').includes('grant_type=refresh_token'),
      );
    // Four minutes on (the token lives five): a new token, and the console goes on with it.
    const first = renewed();
    await page.clock.fastForward('04:30');
    expect((await first).status()).toBe(200);
    await openStep(page, caseId, 'Chuyển vụ việc sang xã, phường khác');
    await page.getByLabel('Ghi chú').fill('Bản nháp chưa gửi.');

    expect(await chungtay('users', 'disable', '--username', people.renewer.username, '--json')).toBe(
      '{"disabled":1}\n',
    );
    const second = renewed();
    await page.clock.fastForward('04:30');
    expect((await second).status()).toBe(400);
    await page.getByText('Phiên làm việc đã hết hạn', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản của tỉnh' }).waitFor();
    const drafts = await page.evaluate(() =>
      Object.keys(sessionStorage).filter((key) => key.startsWith('chungtay-draft:')),
    );
    expect(drafts.length).toBeGreaterThan(0);
    await page.context().close();
  });
});
