import { randomUUID } from 'node:crypto';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineWatcher } from '../src/index.ts';
import { at, COMMUNE, reportData } from './fixtures.ts';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const hotline = {
  userId: 'h',
  agency: 'hotline' as const,
  role: 'hotline_operator' as const,
  communes: [],
  token: '',
};
const officer = {
  userId: 'o',
  agency: 'commune' as const,
  role: 'commune_officer' as const,
  communes: [COMMUNE],
  token: '',
};

describe('the deadline watcher', () => {
  it('records each missed deadline exactly once with three watchers running at the same time', async () => {
    harness.setNow('2026-03-02T10:00:00');
    const caseIds: string[] = [];
    for (let n = 0; n < 6; n++) {
      const caseId = randomUUID();
      caseIds.push(caseId);
      const report = { ...reportData(), caseId, child: { ...reportData().child, childId: randomUUID() } };
      await harness.application.handle(caseId, { type: 'ReceiveReport', data: report }, { caller: hotline });
      if (n % 2 === 0) {
        await harness.application.handle(
          caseId,
          {
            type: 'ForwardToCommune',
            data: { toCommuneCode: COMMUNE, forwardedAt: at('2026-03-02T09:00:00') },
          },
          { caller: hotline, expectedRevision: 0 },
        );
        await harness.application.handle(
          caseId,
          {
            type: 'CompleteInitialAssessment',
            data: {
              assessedAt: at('2026-03-02T09:30:00'),
              riskLevel: 'HIGH',
              childInSeriousDanger: true,
              emergencyMeasure: 'TEMPORARY_SEPARATION',
              findings: 'Nguy hiểm.',
            },
          },
          { caller: officer, expectedRevision: 1 },
        );
      }
    }
    // Two weeks later nobody has acted: forwarding, emergency measures and the plan are all overdue.
    harness.setNow('2026-03-16T10:00:00');
    const expected = new Map<string, string[]>();
    for (const caseId of caseIds) {
      const { state } = await harness.application.load(caseId);
      expected.set(
        caseId,
        harness.application
          .deadlines(state)
          .filter((d) => d.status === 'OVERDUE')
          .map((d) => d.id)
          .sort(),
      );
    }
    // Unforwarded cases: forwarding (3). Assessed ones: emergency measures and the plan (3 × 2).
    expect([...expected.values()].flat()).toHaveLength(9);

    const watchers = ['a', 'b', 'c'].map(
      (name) => new DeadlineWatcher({ application: harness.application, name: `watcher-${name}` }),
    );
    await Promise.all(watchers.map((watcher) => watcher.start()));
    try {
      await waitFor(
        async () => {
          const recorded = await Promise.all(watchers.map((watcher) => watcher.tick()));
          const missed = await missedByCase(caseIds);
          const complete = caseIds.every(
            (id) => (missed.get(id) ?? []).length === (expected.get(id) ?? []).length,
          );
          return complete && recorded.every((count) => count === 0) ? missed : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 50, what: 'every missed deadline recorded' },
      );
      const missed = await missedByCase(caseIds);
      for (const caseId of caseIds) expect(missed.get(caseId)).toEqual(expected.get(caseId));
      // A later round finds nothing more to do.
      expect(await Promise.all(watchers.map((watcher) => watcher.tick()))).toEqual([0, 0, 0]);
    } finally {
      await Promise.all(watchers.map((watcher) => watcher.stop()));
    }
  });
});

async function missedByCase(caseIds: string[]) {
  const result = new Map<string, string[]>();
  for (const caseId of caseIds) {
    const events = await harness.store.readStream(`case-${caseId}`);
    result.set(
      caseId,
      events
        .filter((event) => event.type === 'DeadlineMissed')
        .map((event) => (event.data as { deadlineId: string }).deadlineId)
        .sort(),
    );
  }
  return result;
}
