import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REALM } from '@chungtay/identity';
import { keycloak, keycloakAdminToken } from '@chungtay/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

/** `chungtay users` against the run's real Keycloak (issue 21, item 3). */
const { url, cliSecret } = keycloak();
let folder: string;
const tag = randomBytes(3).toString('hex');

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'chungtay-users-'));
  process.env.CHUNGTAY_CLI_SECRET = cliSecret;
});
afterAll(async () => {
  delete process.env.CHUNGTAY_CLI_SECRET;
  if (folder) await rm(folder, { recursive: true, force: true });
});

const chungtay = async (...args: string[]) => {
  const io = capture();
  const code = await run(['users', ...args, '--keycloak', url], io, folder);
  return { code, ...io };
};

/** The account as Keycloak holds it, read as its admin would. */
async function account(username: string) {
  const token = await keycloakAdminToken();
  const headers = { authorization: `Bearer ${token}` };
  const [found] = (await (
    await fetch(`${url}/admin/realms/${REALM}/users?exact=true&username=${username}`, { headers })
  ).json()) as Array<{ id: string; enabled: boolean; attributes?: Record<string, string[]> }>;
  if (!found) return undefined;
  const roles = (await (
    await fetch(`${url}/admin/realms/${REALM}/users/${found.id}/role-mappings/realm`, { headers })
  ).json()) as Array<{ name: string }>;
  return { ...found, roles: roles.map((role) => role.name) };
}

describe('chungtay users', () => {
  it('adds an account with its role, unit and communes; moves it; disables it', async () => {
    const username = `officer-${tag}`;
    const added = await chungtay(
      'add',
      '--username',
      username,
      '--role',
      'commune_officer',
      '--unit',
      'ubnd-21583',
      '--commune',
      '21583',
      '--json',
    );
    expect(added).toMatchObject({ code: 0, stdout: '{"added":1}\n' });
    expect(await account(username)).toMatchObject({
      enabled: true,
      attributes: expect.objectContaining({ unit: ['ubnd-21583'], communes: ['21583'] }),
      roles: expect.arrayContaining(['commune_officer']),
    });
    expect((await chungtay('add', '--username', username, '--role', 'commune_officer')).code).toBe(2);
    const moved = await chungtay('move', '--username', username, '--unit', 'ubnd-21601', '--json');
    expect(moved).toMatchObject({ code: 0, stdout: '{"moved":1}\n' });
    // The unit's own commune, when none is given.
    expect((await account(username))?.attributes).toMatchObject({
      communes: ['21601'],
      unit: ['ubnd-21601'],
    });
    // A unit the directory does not have, or a role its staff do not hold, changes nothing.
    const stranger = await chungtay('move', '--username', username, '--unit', 'ubnd-99999');
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain('--unit');
    const misplaced = await chungtay(
      'add',
      '--username',
      `nurse-at-ubnd-${tag}`,
      '--role',
      'health_worker',
      '--unit',
      'ubnd-21583',
    );
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--role');
    expect((await account(username))?.attributes?.unit).toEqual(['ubnd-21601']);
    expect((await chungtay('disable', '--username', username)).code).toBe(0);
    expect((await account(username))?.enabled).toBe(false);
  });

  it('imports a roster, adding only whom Keycloak does not have; a bad roster changes nothing', async () => {
    const roster = join(folder, 'roster.csv');
    await writeFile(
      roster,
      [
        'username,role,unit,communes,firstName,lastName',
        `chair-${tag},commune_chair,ubnd-21583,21583,Nguyễn Văn,An`,
        `nurse-${tag},health_worker,tyt-21583,21583,"Rơ Châm, H'Hoa",Thị`,
        `officer2-${tag},commune_officer,ubnd-21583,21583;21586,,`,
      ].join('\n'),
    );
    const first = await chungtay('import', '--file', roster, '--json');
    expect(first).toMatchObject({ code: 0, stdout: '{"added":3,"present":0}\n' });
    expect((await account(`officer2-${tag}`))?.attributes?.communes).toEqual(['21583', '21586']);
    expect((await account(`nurse-${tag}`))?.roles).toContain('health_worker');
    // Given again: nothing added twice. Names are never printed back.
    const again = await chungtay('import', '--file', roster);
    expect(again).toMatchObject({ code: 0, stdout: 'added 0 accounts; 3 were there already\n' });
    expect(first.stdout + again.stdout + again.stderr).not.toMatch(/Nguyễn|H'Hoa/);

    const bad = join(folder, 'bad.csv');
    await writeFile(
      bad,
      [
        'username,role,unit,communes',
        `fine-${tag},commune_officer,ubnd-21583,21583`,
        `wrong-${tag},mayor,ubnd-21583,21583`,
        `place-${tag},commune_officer,ubnd-21583,Quy Nhơn`,
      ].join('\n'),
    );
    const refused = await chungtay('import', '--file', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 3, role');
    expect(refused.stderr).toContain('line 4, communes');
    expect(refused.stderr).not.toContain('Quy Nhơn');
    expect(await account(`fine-${tag}`)).toBeUndefined();
  });

  it('imports a workbook (.xlsx) as the staff office keeps it: its first sheet, the same columns and rules', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách cán bộ');
    sheet.addRow(['username', 'role', 'unit', 'communes', 'firstName', 'lastName']);
    sheet.addRow([`teacher-${tag}`, 'school_safety_officer', 'thcs-23575', '', 'Nay', 'H’Ngọc']);
    sheet.addRow([`lawyer-${tag}`, 'legal_aid_officer', 'tgpl-tinh', '', '', '']);
    const file = join(folder, 'roster.xlsx');
    await workbook.xlsx.writeFile(file);
    const imported = await chungtay('import', '--file', file, '--json');
    expect(imported).toMatchObject({ code: 0, stdout: '{"added":2,"present":0}\n' });
    // The school's own commune, from its unit.
    expect((await account(`teacher-${tag}`))?.attributes).toMatchObject({
      unit: ['thcs-23575'],
      communes: ['23575'],
    });
    expect((await account(`lawyer-${tag}`))?.roles).toContain('legal_aid_officer');

    const bad = new ExcelJS.Workbook();
    const rows = bad.addWorksheet('x');
    rows.addRow(['username', 'role', 'unit', 'communes']);
    rows.addRow([`nurse2-${tag}`, 'health_worker', 'ubnd-21583', '']);
    const badFile = join(folder, 'bad.xlsx');
    await bad.xlsx.writeFile(badFile);
    const refused = await chungtay('import', '--file', badFile);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 2, role');
    expect(await account(`nurse2-${tag}`)).toBeUndefined();
  });

  it('says what is missing without Keycloak’s address or the CLI’s secret', async () => {
    delete process.env.CHUNGTAY_CLI_SECRET;
    const io = capture();
    expect(await run(['users', 'disable', '--username', 'x', '--keycloak', url], io, folder)).toBe(2);
    expect(io.stderr).toContain('CHUNGTAY_CLI_SECRET');
    process.env.CHUNGTAY_CLI_SECRET = cliSecret;
  });
});
