import { CommuneCode, Roles } from '@chungtay/contracts';
import { z } from 'zod';
import type { StaffMember } from './admin.ts';

/** An account's username: what the person types at sign-in (never their name in full, by convention). */
export const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 lower-case letters, digits or . _ -');

/** One member of the staff as a roster line gives them (CSV: username,role,unit,communes,firstName,lastName). */
export const StaffRow = z.object({
  username: Username,
  role: Roles.schema,
  unit: z.string().trim().max(200).optional(),
  /** Several communes are separated by ";" (a commune officer covering two wards, say). */
  communes: z.array(CommuneCode).max(200),
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
});

export const ROSTER_COLUMNS = ['username', 'role', 'unit', 'communes', 'firstName', 'lastName'] as const;

/** A problem of a roster, named by its line and column; never by the value (it may be a person's name). */
export interface RosterProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** Splits one CSV line: commas, double-quoted fields with "" for a quote. */
function cells(line: string): string[] {
  const found: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (character === '"') quoted = false;
      else current += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      found.push(current);
      current = '';
    } else current += character;
  }
  found.push(current);
  return found.map((cell) => cell.trim());
}

/**
 * The members a roster (CSV, a header line naming the columns) lists, or every problem it has: all are found
 * before anything is changed, so a bad roster changes nothing.
 */
export function parseRoster(text: string): { members: StaffMember[] } | { problems: RosterProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = cells(lines[0] ?? '');
  const missing = ROSTER_COLUMNS.slice(0, 4).filter((column) => !header.includes(column));
  if (missing.length > 0)
    return { problems: missing.map((field) => ({ line: 1, field, message: 'the column is missing' })) };
  const members: StaffMember[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const number = index + 2;
    const row = Object.fromEntries(header.map((column, at) => [column, cells(line)[at] ?? '']));
    const parsed = StaffRow.safeParse({
      username: row.username,
      role: row.role,
      ...(row.unit ? { unit: row.unit } : {}),
      communes: (row.communes ?? '')
        .split(';')
        .map((code) => code.trim())
        .filter(Boolean),
      ...(row.firstName ? { firstName: row.firstName } : {}),
      ...(row.lastName ? { lastName: row.lastName } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ line: number, field: String(issue.path[0] ?? '(line)'), message: issue.message });
      return;
    }
    if (seen.has(parsed.data.username)) {
      problems.push({ line: number, field: 'username', message: 'listed twice' });
      return;
    }
    seen.add(parsed.data.username);
    members.push(parsed.data);
  });
  return problems.length > 0 ? { problems } : { members };
}
