import { randomUUID } from 'node:crypto';
import { caseEventDefinitions, type Role } from '@chungtay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, PLEIKU, QUY_NHON, sampleTimeline, writers } from './timeline-samples.ts';

/**
 * Transfer between communes through the gateway (issue 21, item 5; decision 0058): raced and repeated
 * requests, the receiving commune's queue, and the lens of the old and the new commune over every event type.
 */
let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_transfer');
});
afterAll(async () => {
  await harness?.close();
});

const STEP = `mutation Step($caseId: ID!, $rev: Int!, $command: CaseCommandInput!, $key: String) { caseCommand(caseId: $caseId, expectedRevision: $rev, command: $command, idempotencyKey: $key) { revision events } }`;
const CASE = `query Case($id: ID!) { case(id: $id) { communeCode revision handedOver availableSteps transfer { toCommuneCode requestedAt } timeline(first: 100) { edges { node { revision type visibility data } } } } }`;
const QUEUE = `{ workQueue(first: 100) { edges { node { id transfer { toCommuneCode } } } } }`;

type CaseAnswer = {
  case: {
    communeCode: string;
    revision: number;
    handedOver: boolean;
    availableSteps: string[];
    transfer: { toCommuneCode: string; requestedAt: string } | null;
    timeline: {
      edges: Array<{
        node: { revision: number; type: string; visibility: string; data: Record<string, unknown> | null };
      }>;
    };
  } | null;
};

/** Someone of a commune: its officer or chair. */
type Stepped = { caseCommand?: { revision: number; events: string[] } };

const of = (commune: string) => ({
  ask: <Data = Stepped>(role: Role, query: string, variables: Record<string, unknown> = {}) =>
    harness.ask<Data>(role, query, variables, [commune]),
});
const quyNhon = of(QUY_NHON);
const pleiku = of(PLEIKU);

const queueOf = async (commune: ReturnType<typeof of>) => {
  const answer = await commune.ask<{
    workQueue: { edges: Array<{ node: { id: string; transfer: { toCommuneCode: string } | null } }> };
  }>('commune_officer', QUEUE);
  expect(answer.errors).toBeUndefined();
  return new Map(answer.data?.workQueue.edges.map(({ node }) => [node.id, node.transfer]) ?? []);
};

describe('a case moves to another commune', () => {
  it('offered, accepted once however often sent, the receiving commune has it in its queue and the old one reads it as it stood', async () => {
    const caseId = randomUUID();
    await harness.record(caseId, sampleTimeline(caseId).slice(0, 2)); // received and forwarded to Quy Nhơn
    const transfer = {
      transferCase: { toCommuneCode: PLEIKU, reason: 'CHILD_MOVED', requestedAt: at('2026-03-02T09:30:00') },
    };
    const requested = await quyNhon.ask('commune_officer', STEP, {
      caseId,
      rev: 1,
      command: transfer,
      key: 'transfer-1',
    });
    expect(requested.errors).toBeUndefined();
    expect(requested.data).toEqual({ caseCommand: { revision: 2, events: ['CaseTransferRequested'] } });
    // The same request again (a retry) is the same answer; a second one at the old revision is a conflict.
    const retried = await quyNhon.ask('commune_officer', STEP, {
      caseId,
      rev: 1,
      command: transfer,
      key: 'transfer-1',
    });
    expect(retried.data).toEqual(requested.data);
    const raced = await quyNhon.ask('commune_chair', STEP, {
      caseId,
      rev: 1,
      command: transfer,
      key: 'transfer-2',
    });
    expect(raced.errors?.[0]?.extensions).toMatchObject({ code: 'STALE_REVISION' });
    await harness.queued(caseId, 2);

    // Pleiku reads the case to decide, and finds it in its queue marked as offered.
    const offered = await pleiku.ask<CaseAnswer>('commune_officer', CASE, { id: caseId });
    expect(offered.data?.case).toMatchObject({
      communeCode: QUY_NHON,
      handedOver: false,
      transfer: { toCommuneCode: PLEIKU },
    });
    expect(offered.data?.case?.availableSteps).toEqual(
      expect.arrayContaining(['AcceptTransfer', 'RefuseTransfer']),
    );
    expect(offered.data?.case?.availableSteps).not.toContain('CompleteInitialAssessment');
    expect((await queueOf(pleiku)).get(caseId)).toEqual({ toCommuneCode: PLEIKU });
    // Another commune's officials neither see it nor may answer.
    const stranger = of('23701');
    expect((await stranger.ask<CaseAnswer>('commune_chair', CASE, { id: caseId })).data?.case).toBeNull();
    const forged = await stranger.ask('commune_chair', STEP, {
      caseId,
      rev: 2,
      command: { acceptTransfer: { acceptedAt: at('2026-03-02T09:40:00') } },
    });
    expect(forged.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN/);

    // Two of Pleiku's officials answer at once: one acceptance is recorded, the other is a conflict.
    const answers = await Promise.all([
      pleiku.ask('commune_chair', STEP, {
        caseId,
        rev: 2,
        command: { acceptTransfer: { acceptedAt: at('2026-03-02T09:40:00') } },
      }),
      pleiku.ask('commune_officer', STEP, {
        caseId,
        rev: 2,
        command: { refuseTransfer: { refusedAt: at('2026-03-02T09:40:00'), reason: 'Chưa xác minh.' } },
      }),
    ]);
    expect(answers.filter((answer) => answer.data?.caseCommand).length).toBe(1);
    expect(
      answers.filter((answer) => /STALE_REVISION|CONFLICT/.test(String(answer.errors?.[0]?.extensions?.code)))
        .length,
    ).toBe(1);
    const accepted = answers.some((answer) =>
      answer.data?.caseCommand?.events.includes('CaseTransferAccepted'),
    );
    if (!accepted) {
      // The refusal won the race: Quy Nhơn offers it again and Pleiku accepts.
      await quyNhon.ask('commune_officer', STEP, { caseId, rev: 3, command: transfer });
      const again = await pleiku.ask('commune_chair', STEP, {
        caseId,
        rev: 4,
        command: { acceptTransfer: { acceptedAt: at('2026-03-02T09:45:00') } },
      });
      expect(again.errors).toBeUndefined();
    }
    const handedOverAt = (await harness.store.streamRevision(`case-${caseId}`)) as number;
    await harness.queued(caseId, handedOverAt);

    // Pleiku works it now; Quy Nhơn no longer has it in its queue and may not act on it.
    const visit = await pleiku.ask('commune_officer', STEP, {
      caseId,
      rev: handedOverAt,
      command: { takeCase: { takenAt: at('2026-03-02T10:00:00') } },
    });
    expect(visit.errors).toBeUndefined();
    await harness.queued(caseId, handedOverAt + 1);
    expect((await queueOf(pleiku)).has(caseId)).toBe(true);
    expect((await queueOf(quyNhon)).has(caseId)).toBe(false);
    const late = await quyNhon.ask('commune_officer', STEP, {
      caseId,
      rev: handedOverAt + 1,
      command: { takeCase: { takenAt: at('2026-03-02T10:05:00') } },
    });
    expect(late.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN/);
    const old = (await quyNhon.ask<CaseAnswer>('commune_officer', CASE, { id: caseId })).data?.case;
    expect(old).toMatchObject({
      handedOver: true,
      communeCode: PLEIKU,
      revision: handedOverAt,
      availableSteps: [],
    });
    expect(old?.timeline.edges.map(({ node }) => node.revision).at(-1)).toBe(handedOverAt);
    expect(old?.timeline.edges.some(({ node }) => node.type === 'CaseManagerAssigned')).toBe(false);
  });
});

describe('the lens of the old and the new commune, for every event type', () => {
  it('the new commune reads every event as its officials read their own cases; the old one the same, up to the hand-over', async () => {
    const caseId = randomUUID();
    // Every event type (the sample ends back in Quy Nhơn), then handed over to Pleiku, then Pleiku's work.
    const steps = [
      ...sampleTimeline(caseId),
      {
        event: {
          type: 'CaseTransferRequested' as const,
          data: {
            childId: randomUUID(),
            fromCommuneCode: QUY_NHON,
            toCommuneCode: PLEIKU,
            reason: 'CHILD_MOVED' as const,
            requestedAt: at('2026-06-01T09:00:00'),
          },
        },
        actor: writers.chair,
      },
      {
        event: {
          type: 'CaseTransferAccepted' as const,
          data: { fromCommuneCode: QUY_NHON, toCommuneCode: PLEIKU, acceptedAt: at('2026-06-01T10:00:00') },
        },
        actor: writers.pleikuChair,
      },
      {
        event: {
          type: 'CaseManagerAssigned' as const,
          data: { managerId: 'officer-pleiku-1', assignedAt: at('2026-06-01T11:00:00') },
        },
        actor: writers.pleikuChair,
      },
    ];
    await harness.record(caseId, steps);
    const last = steps.length - 1;
    await harness.queued(caseId, last);
    const types = new Set(steps.map(({ event }) => event.type));
    expect([...types].sort()).toEqual(Object.keys(caseEventDefinitions).sort());

    for (const role of ['commune_officer', 'commune_chair'] as const) {
      const now = (await pleiku.ask<CaseAnswer>(role, CASE, { id: caseId })).data?.case;
      const before = (await quyNhon.ask<CaseAnswer>(role, CASE, { id: caseId })).data?.case;
      expect(now?.handedOver, role).toBe(false);
      expect(before?.handedOver, role).toBe(true);
      const nodes = now?.timeline.edges.map(({ node }) => node) ?? [];
      expect(
        nodes.map((node) => node.revision),
        role,
      ).toEqual(steps.map((_, revision) => revision));
      // Up to the hand-over, the old commune reads exactly what the new one reads of the same events.
      expect(
        before?.timeline.edges.map(({ node }) => node),
        role,
      ).toEqual(nodes.slice(0, last));
      expect(before?.revision, role).toBe(last - 1);
    }
  });
});
