import { CommuneCode, type Role, Roles, unitOf } from '@chungtay/contracts';
import { z } from 'zod';
import type { StaffMember } from './admin.ts';

/** An account's username: what the person types at sign-in (never their name in full, by convention). */
export const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 lower-case letters, digits or . _ -');

/**
 * Where a member is placed, by the staff directory's units (decision 0059): a unit of the province, and
 * the communes they work for — the unit's own when none are given; a commune unit's commune among them.
 */
const Placement = z.object({
  unit: z.string().trim().min(1).max(200),
  /** Several communes are separated by ";" (a commune officer covering two wards, say). */
  communes: z.array(CommuneCode).max(200),
});

function checkPlacement(
  placement: { unit: string; communes: string[]; role?: Role },
  context: z.RefinementCtx,
): void {
  const unit = unitOf(placement.unit);
  if (!unit) {
    context.addIssue({ code: 'custom', path: ['unit'], message: 'not a unit of the province’s directory' });
    return;
  }
  if (placement.role && !unit.roles.includes(placement.role))
    context.addIssue({
      code: 'custom',
      path: ['role'],
      message: unit.roles.length
        ? `not a role of this unit's staff (${unit.roles.join(', ')})`
        : 'this unit’s staff have no role on the platform yet',
    });
  const home = unit.communes[0];
  if (home && placement.communes.length > 0 && !placement.communes.includes(home))
    context.addIssue({
      code: 'custom',
      path: ['communes'],
      message: 'the unit’s own commune is not among them',
    });
}

const withUnitsCommunes = <T extends { unit: string; communes: string[] }>(placement: T): T =>
  placement.communes.length > 0
    ? placement
    : { ...placement, communes: [...(unitOf(placement.unit)?.communes ?? [])] };

/** One member of the staff as a roster line gives them (CSV: username,role,unit,communes,firstName,lastName). */
export const StaffRow = z
  .object({
    username: Username,
    role: Roles.schema,
    ...Placement.shape,
    firstName: z.string().trim().max(100).optional(),
    lastName: z.string().trim().max(100).optional(),
  })
  .superRefine(checkPlacement)
  .transform(withUnitsCommunes);

/** A member moved to another unit (and so, for a commune's unit, to its commune). */
export const MoveRow = z
  .object({ username: Username, ...Placement.shape })
  .superRefine(checkPlacement)
  .transform(withUnitsCommunes);

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
  return parseRosterRows(
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map(cells),
  );
}

/**
 * The same from a roster's rows of cells, the first naming the columns: a CSV's lines, or a workbook's first
 * sheet (`chungtay users import --file roster.xlsx`).
 */
export function parseRosterRows(
  rows: readonly (readonly string[])[],
): { members: StaffMember[] } | { problems: RosterProblem[] } {
  const header = (rows[0] ?? []).map((cell) => cell.trim());
  const missing = ROSTER_COLUMNS.slice(0, 4).filter((column) => !header.includes(column));
  if (missing.length > 0)
    return { problems: missing.map((field) => ({ line: 1, field, message: 'the column is missing' })) };
  const members: StaffMember[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((line, index) => {
    if (line.every((cell) => !cell.trim())) return;
    const number = index + 2;
    const row = Object.fromEntries(header.map((column, at) => [column, (line[at] ?? '').trim()]));
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
