import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideNumber, formatCaseNumber, initialNumbering, yearInVietNam } from '../src/case/numbering.ts';
import { COMMUNE, OTHER_COMMUNE, reportData } from './fixtures.ts';
import { type Harness, startHarness } from './harness.ts';

/** Issue 18: a number people can say, unique per commune and year, decided race-free at intake. */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function report(
  overrides: Record<string, unknown> = {},
  options: { key?: string; role?: 'hotline_operator' | 'school_safety_officer' } = {},
) {
  const body = {
    ...reportData(),
    caseId: randomUUID(),
    child: { ...reportData().child, childId: randomUUID() },
    ...overrides,
  };
  const response = await fetch(`${harness.url}/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await harness.token(options.role ?? 'hotline_operator')}`,
      'content-type': 'application/json',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { caseNumber?: string }, sent: body };
}

const sequenceOf = (caseNumber: string | undefined) => Number(caseNumber?.split('-')[2]);

describe('case numbers', () => {
  it('numbers a commune’s cases of a year 1, 2, 3… with no two alike when they arrive at once', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, () => report()));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const numbers = answers.map((answer) => answer.body.caseNumber as string);
    expect(new Set(numbers).size).toBe(24);
    for (const caseNumber of numbers) expect(caseNumber).toMatch(new RegExp(`^${COMMUNE}-2026-\\d{4}$`));
    // No gap: every number from the first to the last was given.
    const sequences = numbers.map(sequenceOf).sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, index) => (sequences[0] as number) + index));
    // The number is the report's own, on the timeline.
    const [first] = answers;
    const stored = await harness.store.readStream(`case-${first?.sent.caseId}`);
    expect(stored[0]?.data).toMatchObject({ caseNumber: first?.body.caseNumber });
  });

  it('gives a retried report its own number again, a refused one none, and each commune its own count', async () => {
    const before = sequenceOf((await report()).body.caseNumber);
    const first = await report({}, { key: 'numbered-once' });
    const retried = await fetch(`${harness.url}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await harness.token('hotline_operator')}`,
        'content-type': 'application/json',
        'idempotency-key': 'numbered-once',
      },
      body: JSON.stringify(first.sent),
    });
    expect(((await retried.json()) as { caseNumber?: string }).caseNumber).toBe(first.body.caseNumber);
    // A role that may not receive reports, and a report from the future: refused, no number taken.
    expect((await report({}, { role: 'school_safety_officer' })).status).toBe(403);
    expect((await report({ receivedAt: '2030-01-01T00:00:00+07:00' })).status).toBe(422);
    const after = await report();
    expect(sequenceOf(after.body.caseNumber)).toBe(before + 2);
    // Another commune counts from its own start.
    const elsewhere = await report({ incidentCommuneCode: OTHER_COMMUNE });
    expect(elsewhere.body.caseNumber).toBe(`${OTHER_COMMUNE}-2026-0001`);
  });

  it('takes the year of the report’s receipt in Viet Nam, and keeps a number once given', () => {
    expect(yearInVietNam('2025-12-31T23:30:00+07:00')).toBe(2025);
    expect(yearInVietNam('2025-12-31T17:30:00Z')).toBe(2026);
    expect(formatCaseNumber('21583', 2026, 42)).toBe('21583-2026-0042');
    expect(formatCaseNumber('21583', 2026, 12345)).toBe('21583-2026-12345');
    const caseId = randomUUID();
    const [taken] = decideNumber(initialNumbering(), { caseId, communeCode: '21583', year: 2026 });
    expect(taken?.data.sequence).toBe(1);
    const state = { last: 1, byCase: new Map([[caseId, 1]]) };
    expect(decideNumber(state, { caseId, communeCode: '21583', year: 2026 })).toEqual([]);
    expect(
      decideNumber(state, { caseId: randomUUID(), communeCode: '21583', year: 2026 })[0]?.data.sequence,
    ).toBe(2);
  });
});
