import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleDist, consoleRoutes } from '@chungtay/console';
import { buildConsole } from '@chungtay/console/build';
import { type Browser, isLoopback, launchChromium, type Page } from '@chungtay/testing';
import express from 'express';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import { seriousViolations } from './console-helpers.ts';

// Issue 18, first screens: sign-in, the work queue and the case page in a real Chromium, as people use them.
const shots = join(tmpdir(), 'chungtay-console-shots');

let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;
const offSite: string[] = [];

beforeAll(async () => {
  // The console as `pnpm start` builds it: the same files the platform serves.
  await buildConsole();
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-'));
  platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: { cases: 40 } });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function open(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  // Nothing from a CDN: every request the page makes goes to the platform itself.
  await page.route('**/*', (route) => {
    if (!isLoopback(route.request().url())) {
      offSite.push(route.request().url());
      return route.abort();
    }
    return route.continue();
  });
  await page.goto(`${platform.url}/`);
  return page;
}

async function signInAs(page: Page, roleLabel: string) {
  await page.getByRole('button', { name: new RegExp(roleLabel) }).click();
  await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
}

describe('the console in Chromium', () => {
  it('signs in a commune officer with one click and lists Quy Nhơn’s cases, in Vietnamese, the nearest deadline first', async () => {
    const page = await open();
    await expect(page.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).resolves.toBe(true);
    const users = page.locator('.users button');
    await users.first().waitFor();
    expect(await users.count()).toBe(9);
    expect(await seriousViolations(page)).toEqual([]);
    await signInAs(page, 'Người làm công tác bảo vệ trẻ em cấp xã');
    const cases = page.locator('.queue .case');
    await cases.first().waitFor();
    const communes = await page.locator('.case-commune').allTextContents();
    expect(communes.length).toBeGreaterThan(5);
    expect(new Set(communes)).toEqual(new Set(['phường Quy Nhơn']));
    // Dates as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, whatever the browser's own zone (London here).
    const deadline = await page.locator('.case-deadline').first().textContent();
    expect(deadline).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await page.locator('.queue .overdue').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'queue.png'), fullPage: false });
    expect(offSite).toEqual([]);
  });

  it('opens a case: its deadlines and its timeline, who wrote each step and when', async () => {
    const page = await open();
    await signInAs(page, 'Người làm công tác bảo vệ trẻ em cấp xã');
    await page.goto(`${platform.url}/#/cases/${platform.demo?.monitoredCase}`);
    await page.getByRole('heading', { name: 'Diễn biến vụ việc' }).waitFor();
    const entries = page.locator('.timeline li');
    expect(await entries.count()).toBeGreaterThan(5);
    expect(await page.locator('.timeline .event-title').first().textContent()).toBe(
      'Tiếp nhận thông báo, tố giác (Mẫu số 01)',
    );
    expect(await page.locator('.timeline .redacted').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // Each step's content, labelled in Vietnamese: dates as officials write them, codes by their labels.
    const content = (await page.locator('.timeline').textContent()) ?? '';
    expect(content).toContain('Mức độ nguy cơ');
    expect(content).not.toContain('[object Object]');
    expect(content).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await page.screenshot({ path: join(shots, 'case.png'), fullPage: true });
    await page.screenshot({ path: join(shots, 'case-top.png') });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.locator('.timeline li').nth(3).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'case-360.png') });
  });

  it('prints Form 01 as an A4 page with the national motto, the form number and the signature block; the PDF has the same text', async () => {
    const page = await open();
    await signInAs(page, 'Người làm công tác bảo vệ trẻ em cấp xã');
    await page.goto(`${platform.url}/#/cases/${platform.demo?.monitoredCase}`);
    await page.getByRole('link', { name: 'In Mẫu số 01' }).click();
    await page.getByRole('heading', { name: 'TIẾP NHẬN THÔNG BÁO, TỐ GIÁC' }).waitFor();
    const printed = (await page.locator('.a4').innerText()).replace(/\s+/g, ' ');
    for (const part of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Mẫu số 01',
      'NGƯỜI TIẾP NHẬN THÔNG TIN',
    ])
      expect(printed).toContain(part);
    expect(printed).toMatch(/Số hồ sơ: 21583-\d{4}-\d{4}/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'form-01-print.png'), fullPage: true });
    // Printed to PDF by Chromium, A4: the text of the page, without the console's own bar and buttons.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
    const words: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const { items } = await (await document.getPage(number)).getTextContent();
      for (const item of items) if ('str' in item) words.push(item.str);
    }
    const inPdf = words.join(' ').replace(/\s+/g, ' ');
    const squash = (text: string) => text.replace(/\s+/g, '');
    expect(squash(inPdf)).toBe(squash(printed));
    expect(inPdf).not.toContain('Đăng xuất');
  });

  it('J5: one case through the officer’s, the health worker’s and the school’s sessions, each through its lens', async () => {
    const caseId = platform.demo?.sharedCase;
    const FINDINGS = 'Vết bầm phần mềm đã lành, sức khỏe ổn định.';
    const sessions = await Promise.all(
      ['Người làm công tác bảo vệ trẻ em cấp xã', 'Nhân viên y tế', 'Cán bộ an toàn trường học'].map(
        async (label) => {
          const page = await open();
          await signInAs(page, label);
          await page.goto(`${platform.url}/#/cases/${caseId}`);
          await page.getByRole('heading', { name: 'Diễn biến vụ việc' }).waitFor();
          return page;
        },
      ),
    );
    const [officer, health, school] = sessions as [Page, Page, Page];
    const examination = (page: Page) =>
      page.locator('.timeline li', { hasText: 'Khám, chữa bệnh cho trẻ em' }).first();
    // The health worker reads the findings they recorded; the officer reads that the child was examined,
    // where and what care is needed, and is told the findings are not theirs to read.
    expect(await examination(health).textContent()).toContain(FINDINGS);
    const seenByOfficer = (await examination(officer).textContent()) ?? '';
    expect(seenByOfficer).toContain('Trạm y tế');
    expect(seenByOfficer).toContain('(không hiển thị với vai trò của bạn)');
    expect(seenByOfficer).not.toContain(FINDINGS);
    // The school sees that it happened, who and when, and nothing of what: a redacted marker, no finding.
    expect(await examination(school).getAttribute('class')).toBe('redacted');
    expect(await examination(school).textContent()).toContain('Nội dung không hiển thị với vai trò của bạn');
    expect(await school.locator('body').textContent()).not.toContain(FINDINGS);
    expect(await school.locator('body').textContent()).not.toMatch(/xâm hại tình dục|Trẻ em bị xâm hại/);
    for (const page of sessions) expect(await seriousViolations(page)).toEqual([]);
    await examination(officer).screenshot({ path: join(shots, 'j5-officer.png') });
    await examination(health).screenshot({ path: join(shots, 'j5-health.png') });
    await examination(school).screenshot({ path: join(shots, 'j5-school.png') });
  });

  it('works at 360 px with no sideways scrolling, and by keyboard alone', async () => {
    const page = await open({ width: 360, height: 740 });
    await page.locator('.users button').first().waitFor();
    // Tab to the first demo user and press Enter: signed in without a pointer.
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.closest('.users') !== null)) break;
    }
    await page.keyboard.press('Enter');
    // The first demo user is the hotline operator, whose desk is Form 01.
    await page.getByRole('heading', { name: 'Tiếp nhận thông báo, tố giác (Mẫu số 01)' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(shots, 'intake-360.png'), fullPage: true });
  });

  it('switches to English and back', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  });

  it('J1 starts in the browser: the hotline records Form 01, gets a receipt; the commune officer finds the case in a second session', async () => {
    const hotline = await open();
    await hotline.getByRole('button', { name: /Điện thoại viên tổng đài/ }).click();
    await hotline.getByRole('heading', { name: 'Tiếp nhận thông báo, tố giác (Mẫu số 01)' }).waitFor();
    // Sent with a missing narrative and no commune: told which fields, nothing recorded, nothing lost.
    const child = hotline.getByRole('group', { name: 'Trẻ em' });
    await child.getByLabel('Họ và tên').fill('Rơ Mah H’Lan');
    await hotline.getByRole('button', { name: 'Ghi nhận thông báo' }).click();
    await hotline.getByRole('alert').waitFor();
    expect(await hotline.locator('.has-error').count()).toBeGreaterThanOrEqual(2);
    expect(await child.getByLabel('Họ và tên').inputValue()).toBe('Rơ Mah H’Lan');
    expect(await seriousViolations(hotline)).toEqual([]);
    // The commune found by typing without diacritics.
    await hotline.getByLabel('Xã, phường nơi xảy ra vụ việc').fill('quy nhon');
    await hotline.getByRole('button', { name: 'phường Quy Nhơn', exact: true }).click();
    await hotline.getByLabel('Loại thông tin').selectOption({ label: 'Trẻ em bị xâm hại' });
    await hotline.getByLabel('Bạo lực', { exact: true }).check();
    await child.getByLabel('Tuổi ước tính').fill('9');
    await child.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
    // A relative, as Form 01 lists them: added, then described.
    await hotline.getByRole('button', { name: 'Thêm người thân' }).click();
    const relative = hotline.getByRole('group', { name: 'Người thân 1' });
    await relative.getByLabel('Quan hệ với trẻ').selectOption({ label: 'Mẹ' });
    await relative.getByLabel('Tuổi').fill('34');
    await hotline.getByLabel('Hoàn cảnh gia đình').fill('Cha mẹ làm rẫy xa nhà.');
    await hotline
      .getByLabel('Nội dung thông báo, tố giác')
      .fill('Hàng xóm báo trẻ bị đánh, cần xác minh ngay.');
    const officer = await open();
    await signInAs(officer, 'Người làm công tác bảo vệ trẻ em cấp xã');
    await officer.locator('.queue .case').first().waitFor();
    // A double click records one report: the form's case id and retry key are made when it opens.
    await hotline.getByRole('button', { name: 'Ghi nhận thông báo' }).dblclick();
    await hotline.locator('h1:has-text("Đã ghi nhận thông báo"), .error-summary').first().waitFor();
    expect(await hotline.locator('.error-summary').count(), await hotline.locator('main').innerText()).toBe(
      0,
    );
    // The receipt gives the number people cite the case by: the commune's, the year's, its order.
    const receipt = (await hotline.locator('code').textContent()) ?? '';
    expect(receipt).toMatch(/^21583-\d{4}-\d{4}$/);
    // Searchable by it: the officer's queue finds it by its number.
    const found = (await (
      await fetch(platform.graphqlUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${platform.tokens.commune_officer}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          query:
            'query N($n: String) { workQueue(first: 5, caseNumber: $n) { edges { node { id caseNumber } } } }',
          variables: { n: receipt.slice(-9) },
        }),
      })
    ).json()) as { data: { workQueue: { edges: Array<{ node: { id: string; caseNumber: string } }> } } };
    expect(found.data.workQueue.edges.map((edge) => edge.node.caseNumber)).toEqual([receipt]);
    const caseId = found.data.workQueue.edges[0]?.node.id as string;
    const recorded = await platform.store.readStream(`case-${caseId}`);
    expect(recorded.map((event) => event.type)).toEqual(['ReportReceived']);
    expect(recorded[0]?.data).toMatchObject({
      caseNumber: receipt,
      category: 'ABUSED',
      child: { fullName: 'Rơ Mah H’Lan', estimatedAge: 9, sex: 'FEMALE' },
      relatives: [{ relation: 'MOTHER', age: 34 }],
      familySituation: 'Cha mẹ làm rẫy xa nhà.',
      reporter: { consentToRecordIdentity: false },
    });
    // The hotline sees a receipt, not the case.
    expect(await hotline.locator('body').textContent()).not.toContain('Rơ Mah H’Lan');
    // The officer's queue, open before the report, shows it without a reload (pushed, not polled).
    await officer
      .locator('.queue .case', { hasText: receipt })
      .locator(`a[href="#/cases/${caseId}"]`)
      .click();
    await officer.getByRole('heading', { name: 'Diễn biến vụ việc' }).waitFor();
    expect(await officer.locator('.timeline .event-title').first().textContent()).toBe(
      'Tiếp nhận thông báo, tố giác (Mẫu số 01)',
    );
    await hotline.screenshot({ path: join(shots, 'receipt.png') });
  });

  it('a sign-in for a role that does not exist is a 400 naming the field', async () => {
    const response = await fetch(`${platform.url}/console/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'root' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'role' }] });
  });
});

describe('the console outside the embedded default', () => {
  it('has no route that mints a token: the demo sign-in is the embedded default’s alone', async () => {
    const app = express().use(consoleRoutes({ dist: consoleDist }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/`)).status).toBe(200);
      const signIn = await fetch(`${url}/console/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'auditor' }),
      });
      expect(signIn.status).toBe(404);
      expect((await fetch(`${url}/console/demo-users`)).status).toBe(404);
      // Served with a policy that lets the page load nothing from elsewhere.
      expect((await fetch(`${url}/`)).headers.get('content-security-policy')).toContain("default-src 'self'");
      // Scripts go compressed to a browser that takes it (made at build time), the same bytes once opened.
      const page = await (await fetch(`${url}/`)).text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1] as string;
      const plain = await readFile(join(consoleDist, script.slice(1)), 'utf8');
      for (const encoding of ['br', 'gzip']) {
        const response = await fetch(`${url}${script}`, { headers: { 'accept-encoding': encoding } });
        expect(response.headers.get('content-encoding')).toBe(encoding);
        expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
        expect(await response.text()).toBe(plain);
      }
      const identity = await fetch(`${url}${script}`, { headers: { 'accept-encoding': 'identity' } });
      expect(identity.headers.get('content-encoding')).toBeNull();
      expect(await identity.text()).toBe(plain);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
