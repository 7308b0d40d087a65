import { ProblemError } from './problem.ts';

/** A stream revision as a strong ETag: `"3"`. */
export const etagOf = (revision: number): string => `"${revision}"`;

/** The revision an If-Match header names; a missing header is 428, a malformed one 400. */
export function ifMatchRevision(header: string | undefined): number {
  if (header === undefined) {
    throw new ProblemError(
      428,
      'Precondition Required',
      'send If-Match with the revision you read (its ETag)',
      {
        errors: [{ field: 'If-Match', message: 'required' }],
      },
    );
  }
  // Nine digits at most: a revision beyond that is no revision of ours, not "revision Infinity".
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) {
    throw new ProblemError(400, 'Bad Request', 'If-Match: expected an ETag such as "3"', {
      errors: [{ field: 'If-Match', message: 'expected an ETag such as "3"' }],
    });
  }
  return Number(match[1]);
}

const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new ProblemError(400, 'Bad Request', 'Idempotency-Key: 8 to 200 letters, digits or ._:-', {
      errors: [{ field: 'Idempotency-Key', message: '8 to 200 letters, digits or ._:-' }],
    });
  }
  return header;
}

/** The deepest JSON a request may hold: far beyond any command's shape, far below what exhausts a stack. */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` (iteratively, so a hostile value cannot overflow). */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= max) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
