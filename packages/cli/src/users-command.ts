import { readFile } from 'node:fs/promises';
import { Roles } from '@chungtay/contracts';
import {
  KeycloakDirectory,
  MoveRow,
  parseRoster,
  parseRosterRows,
  type StaffMember,
  StaffRow,
} from '@chungtay/identity';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { parse, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';

const USERS_USAGE = `usage: chungtay users add --username <name> --role <role> --unit <unit> [--commune <code>]... [--password-file <file>] [--json]
       chungtay users import --file <roster.csv|roster.xlsx> [--json]   (columns: username,role,unit,communes[,firstName,lastName]; communes split by ;)
       chungtay users move --username <name> --unit <unit> [--commune <code>]... [--json]
  A unit is a code of the province's directory (ubnd-21583, ca-21583, tyt-21583, thcs-21583, tgpl-tinh, …);
  the communes default to the unit's own.
       chungtay users disable --username <name> [--json]
  The province's Keycloak: --keycloak <url> or KEYCLOAK_URL; the CLI client's secret in CHUNGTAY_CLI_SECRET.
  roles: ${Roles.codes.join(', ')}`;

/**
 * `chungtay users`: the staff directory's accounts in the province's Keycloak, through its admin API as the
 * CLI's service account (decision 0056). It prints what it did in counts, never a person's name.
 */
export async function usersCommand(args: readonly string[], io: Output): Promise<number> {
  const [action, ...rest] = args;
  const values = parse<{
    username?: string;
    role?: string;
    unit?: string;
    commune?: string[];
    'password-file'?: string;
    file?: string;
    keycloak?: string;
    json?: boolean;
  }>('users', rest, {
    username: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
    commune: { type: 'string', multiple: true },
    'password-file': { type: 'string' },
    file: { type: 'string' },
    keycloak: { type: 'string' },
    json: { type: 'boolean' },
  });
  const url = values.keycloak ?? process.env.KEYCLOAK_URL;
  const secret = process.env.CHUNGTAY_CLI_SECRET;
  if (!url || !secret)
    throw new UsageError(
      `chungtay users: say where Keycloak is (--keycloak or KEYCLOAK_URL) and give CHUNGTAY_CLI_SECRET\n${USERS_USAGE}`,
    );
  const directory = new KeycloakDirectory(url.replace(/\/$/, ''), secret);
  const said = (summary: Record<string, number>, text: string) => {
    io.out(values.json ? `${JSON.stringify(summary)}\n` : `${text}\n`);
    return 0;
  };
  const placed = <Row>(schema: z.ZodType<Row>): Row => {
    const parsed = schema.safeParse({
      username: values.username,
      role: values.role,
      unit: values.unit,
      communes: values.commune ?? [],
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `chungtay users: --${String(issue?.path[0] ?? 'username')}: ${issue?.message}\n${USERS_USAGE}`,
      );
    }
    return parsed.data;
  };
  switch (action) {
    case 'add': {
      const password = values['password-file']
        ? (await readFile(values['password-file'], 'utf8')).trim()
        : undefined;
      const added: StaffMember = placed(StaffRow);
      if (await directory.idOf(added.username)) throw new UsageError('chungtay users: --username is taken');
      await directory.add(added, password);
      return said({ added: 1 }, 'added 1 account');
    }
    case 'import': {
      if (!values.file)
        throw new UsageError(`chungtay users import: --file names the roster\n${USERS_USAGE}`);
      const roster = values.file.toLowerCase().endsWith('.xlsx')
        ? parseRosterRows(await workbookRows(values.file))
        : parseRoster(await readFile(values.file, 'utf8'));
      if ('problems' in roster) {
        for (const problem of roster.problems)
          io.err(`chungtay users import: line ${problem.line}, ${problem.field}: ${problem.message}\n`);
        io.err('chungtay users import: nothing was changed\n');
        return 2;
      }
      let added = 0;
      let present = 0;
      for (const listed of roster.members) {
        // A roster given again adds only whom it does not have: the accounts it has are left as they are.
        if (await directory.idOf(listed.username)) present++;
        else {
          await directory.add(listed);
          added++;
        }
      }
      return said({ added, present }, `added ${added} accounts; ${present} were there already`);
    }
    case 'move': {
      const moved = placed(MoveRow);
      await directory.move(moved.username, { communes: moved.communes, unit: moved.unit });
      return said({ moved: 1 }, 'moved 1 account (its next token carries the new communes)');
    }
    case 'disable': {
      if (!values.username)
        throw new UsageError(`chungtay users disable: --username names the account\n${USERS_USAGE}`);
      await directory.disable(values.username);
      return said(
        { disabled: 1 },
        'disabled 1 account (its sessions are ended; its next refresh is refused)',
      );
    }
    default:
      throw new UsageError(`chungtay users: add, import, move or disable\n${USERS_USAGE}`);
  }
}

/** The first sheet of a workbook as rows of cell text, as a province's staff office keeps its roster. */
async function workbookRows(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) cells.push(row.getCell(column).text ?? '');
    rows[number - 1] = cells;
  });
  return Array.from(rows, (row) => row ?? []);
}
