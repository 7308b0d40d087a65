import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '@chungtay/console/build';
import type { Role } from '@chungtay/contracts';
import { type Browser, launchChromium } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import { seriousViolations, signedIn as signedInAs } from './console-helpers.ts';

// Issue 18, Children: a commune officer finds a child by name or ID number, reads the record, and decides a
// duplicate intake flagged; the province reads the same record masked; others are not offered the screen.
const shots = join(tmpdir(), 'chungtay-console-shots');

let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;

beforeAll(async () => {
  await buildConsole();
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-children-'));
  platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: { cases: 12 } });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const signedIn = (role: Role, viewport?: { width: number; height: number }) =>
  signedInAs(browser, platform.url, role, viewport);

/** The demo's child recorded twice, and the name the first record has (read as the officer would). */
async function demoDuplicate(): Promise<{ flagged: string; name: string; original: string }> {
  const flagged = platform.demo?.possibleDuplicate;
  if (!flagged) throw new Error('the demo recorded no duplicate');
  const token = platform.tokens.commune_officer;
  const ask = async (id: string) => {
    const response = await fetch(platform.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($id: ID!) { childRecord(id: $id) { details { fullName } duplicates { childId } } }',
        variables: { id },
      }),
    });
    return (
      (await response.json()) as {
        data: { childRecord: { details: { fullName: string }; duplicates: Array<{ childId: string }> } };
      }
    ).data.childRecord;
  };
  const record = await ask(flagged);
  const original = record.duplicates[0]?.childId as string;
  return { flagged, name: (await ask(original)).details.fullName, original };
}

describe('the children screens', () => {
  it('finds a child by the name typed without diacritics, opens the record, and confirms the duplicate', async () => {
    const { flagged, name, original } = await demoDuplicate();
    const page = await signedIn('commune_officer');
    await page.getByRole('link', { name: 'Trẻ em' }).click();
    await page.getByRole('heading', { name: 'Tìm hồ sơ trẻ em' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Bad input is said beside the field and nothing is sent.
    await page.getByRole('radio', { name: 'Số định danh cá nhân' }).check();
    await page.getByLabel('Số định danh cá nhân (12 chữ số)').fill('0643');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Số định danh cá nhân gồm 12 chữ số.').waitFor();
    await page.getByRole('radio', { name: 'Họ và tên' }).check();
    const typed = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    await page.getByLabel(/Họ và tên đầy đủ/).fill(typed.toLowerCase());
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('heading', { name: 'Số hồ sơ tìm thấy: 2' }).waitFor();
    await page.screenshot({ path: join(shots, 'children-search.png'), fullPage: true });
    await page.locator(`a[href="#/children/${flagged}"]`).click();
    await page.getByRole('heading', { name: /Hồ sơ trẻ em:/ }).waitFor();
    await page.getByRole('heading', { name: 'Hồ sơ có thể trùng' }).waitFor();
    await page.getByText('Họ tên gần giống, cùng ngày sinh, cùng xã').waitFor();
    await page.getByRole('link', { name }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'child-record.png'), fullPage: true });
    // Dismissing needs a reason: said, and nothing recorded.
    await page.getByRole('button', { name: 'Xác nhận không trùng' }).click();
    await page.getByText('Vui lòng ghi lý do.').waitFor();
    await page.getByRole('button', { name: 'Xác nhận là cùng một trẻ em' }).click();
    await page.getByText('Đã xác nhận là cùng một trẻ em').waitFor();
    await expect
      .poll(async () => page.getByRole('button', { name: 'Xác nhận là cùng một trẻ em' }).count())
      .toBe(0);
    const record = await fetch(platform.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${platform.tokens.commune_officer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: 'query ($id: ID!) { childRecord(id: $id) { duplicates { childId status } } }',
        variables: { id: flagged },
      }),
    });
    expect(((await record.json()) as { data: unknown }).data).toEqual({
      childRecord: { duplicates: [{ childId: original, status: 'CONFIRMED' }] },
    });
  });

  it('records support from the record’s step form, by keyboard at 360 px', async () => {
    const { original } = await demoDuplicate();
    const page = await signedIn('commune_officer', { width: 360, height: 740 });
    await page.goto(`${platform.url}/#/children/${original}`);
    await page.getByRole('heading', { name: /Hồ sơ trẻ em:/ }).waitFor();
    const link = page.getByRole('link', { name: 'Ghi nhận hỗ trợ, chăm sóc đã thực hiện' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ghi nhận hỗ trợ, chăm sóc đã thực hiện' }).waitFor();
    await page.getByLabel('Loại').selectOption({ label: 'Chăm sóc sức khỏe' });
    await page.getByLabel('Cơ quan, tổ chức hỗ trợ').fill('Trạm y tế phường Quy Nhơn');
    await page.getByLabel('Cơ quan, tổ chức hỗ trợ').press('Enter');
    await page.getByText('Đã ghi nhận: Ghi nhận hỗ trợ, chăm sóc đã thực hiện').waitFor();
    await page.getByText(/Chăm sóc sức khỏe — Trạm y tế phường Quy Nhơn/).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'child-record-360.png'), fullPage: true });
  });

  it('shows the province the record masked; the school is not offered the screen', async () => {
    const { original, name } = await demoDuplicate();
    const province = await signedIn('provincial_coordinator');
    await province.goto(`${platform.url}/#/children/${original}`);
    await province.getByRole('heading', { name: 'Hồ sơ trẻ em: (che thông tin cá nhân)' }).waitFor();
    expect(await province.locator('main').innerText()).not.toContain(name);
    const school = await signedIn('school_safety_officer');
    expect(await school.getByRole('link', { name: 'Trẻ em' }).count()).toBe(0);
    await school.goto(`${platform.url}/#/children/${original}`);
    await school.getByText('Không tìm thấy hồ sơ trẻ em.').waitFor();
  });
});
