import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, QUY_NHON, sampleTimeline } from './timeline-samples.ts';

/** The work queues and batched loading, with cases opened through the gateway's own mutations. */
let harness: GatewayHarness;
const PLEIKU = '23575';
const quyNhonCases = [randomUUID(), randomUUID(), randomUUID()];
const pleikuCase = randomUUID();
const receivedAt = ['2026-03-02T08:00:00', '2026-03-02T07:00:00', '2026-03-02T09:00:00'];

const report = (caseId: string, commune: string, received: string) => ({
  caseId,
  receivedAt: at(received),
  channel: 'HOTLINE_111',
  incidentCommuneCode: commune,
  category: 'ABUSED',
  formsOfHarm: ['NEGLECT'],
  child: { childId: randomUUID(), fullName: 'Rơ Mah Thị Hoa', estimatedAge: 8, sex: 'FEMALE' },
  relatives: [],
  narrative: 'Trẻ bị bỏ mặc nhiều ngày.',
  reporter: { consentToRecordIdentity: false },
});

const RECEIVE = `mutation Receive($report: ReceiveReportInput!, $key: String) { receiveReport(report: $report, idempotencyKey: $key) { id revision events } }`;
const QUEUE = `query Queue($first: Int, $status: String) { workQueue(first: $first, status: $status) { edges { node { id status communeCode stale deadlines { kind dueAt status } } } pageInfo { hasNextPage } } }`;

interface QueueAnswer {
  workQueue: {
    edges: Array<{
      node: {
        id: string;
        status: string;
        communeCode: string;
        stale: boolean;
        deadlines: Array<{ kind: string; dueAt: string }>;
      };
    }>;
    pageInfo: { hasNextPage: boolean };
  };
}

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_queue', { accessLogDelayMs: 60_000 });
  for (const [index, caseId] of quyNhonCases.entries()) {
    const answer = await harness.ask('hotline_operator', RECEIVE, {
      report: report(caseId, QUY_NHON, receivedAt[index] as string),
    });
    expect(answer.errors).toBeUndefined();
  }
  await harness.ask('hotline_operator', RECEIVE, {
    report: report(pleikuCase, PLEIKU, '2026-03-02T06:00:00'),
  });
  for (const caseId of [...quyNhonCases, pleikuCase]) await harness.queued(caseId, 0);
});
afterAll(async () => {
  await harness?.close();
});

describe('work queues', () => {
  it('the commune officer’s queue holds their commune’s cases, the nearest deadline first', async () => {
    const answer = await harness.ask<QueueAnswer>('commune_officer', QUEUE, { first: 10 });
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.workQueue.edges.map((edge) => edge.node) ?? [];
    expect(nodes.map((node) => node.id)).toEqual([quyNhonCases[1], quyNhonCases[0], quyNhonCases[2]]);
    expect(nodes.every((node) => node.communeCode === QUY_NHON && node.status === 'REPORTED')).toBe(true);
    const firstDue = nodes.map((node) => node.deadlines.find((d) => d.kind === 'FORWARD_TO_COMMUNE')?.dueAt);
    expect([...firstDue].sort()).toEqual(firstDue);
    expect(nodes.some((node) => node.stale)).toBe(false);
  });

  it('pages, filters by status, and never lists another commune’s case', async () => {
    const page = await harness.ask<QueueAnswer>('commune_officer', QUEUE, { first: 2 });
    expect(page.data?.workQueue.edges).toHaveLength(2);
    expect(page.data?.workQueue.pageInfo.hasNextPage).toBe(true);
    const pleiku = await harness.ask<QueueAnswer>('commune_officer', QUEUE, { first: 10 }, [PLEIKU]);
    expect(pleiku.data?.workQueue.edges.map((edge) => edge.node.id)).toEqual([pleikuCase]);
    const closed = await harness.ask<QueueAnswer>('commune_officer', QUEUE, { first: 10, status: 'CLOSED' });
    expect(closed.data?.workQueue.edges).toEqual([]);
  });

  it('filters by category and form of harm, counts each status, and names a filter that is not a code', async () => {
    const FILTERED = `query F($category: String, $harm: String) {
      workQueue(first: 10, category: $category, formOfHarm: $harm) { edges { node { id } } }
      queueCounts(category: $category, formOfHarm: $harm) { status count }
    }`;
    type Filtered = {
      workQueue: { edges: Array<{ node: { id: string } }> };
      queueCounts: Array<{ status: string; count: number }>;
    };
    const neglect = await harness.ask<Filtered>('commune_officer', FILTERED, {
      category: 'ABUSED',
      harm: 'NEGLECT',
    });
    expect(neglect.data?.workQueue.edges.map((edge) => edge.node.id).sort()).toEqual(
      [...quyNhonCases].sort(),
    );
    expect(neglect.data?.queueCounts).toEqual([{ status: 'REPORTED', count: 3 }]);
    const violence = await harness.ask<Filtered>('commune_officer', FILTERED, { harm: 'VIOLENCE' });
    expect(violence.data?.workQueue.edges).toEqual([]);
    expect(violence.data?.queueCounts).toEqual([]);
    const atRisk = await harness.ask<Filtered>('commune_officer', FILTERED, { category: 'AT_RISK' });
    expect(atRisk.data?.workQueue.edges).toEqual([]);
    // Another commune's officer counts none of them.
    const elsewhere = await harness.ask<Filtered>('commune_officer', FILTERED, {}, ['23701']);
    expect(elsewhere.data?.queueCounts).toEqual([]);
    const wrong = await harness.ask<Filtered>('commune_officer', FILTERED, { harm: 'SHOUTING' });
    expect(wrong.status).toBe(400);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'formOfHarm' });
    expect(JSON.stringify(wrong)).not.toContain('SHOUTING');
  });

  it('an agency’s queue holds only the cases it is involved in; the hotline’s holds none', async () => {
    expect(
      (await harness.ask<QueueAnswer>('legal_aid_officer', QUEUE, { first: 10 })).data?.workQueue.edges,
    ).toEqual([]);
    expect(
      (await harness.ask<QueueAnswer>('hotline_operator', QUEUE, { first: 10 })).data?.workQueue.edges,
    ).toEqual([]);
    const everything = await harness.ask<QueueAnswer>('provincial_coordinator', QUEUE, { first: 10 });
    expect(everything.data?.workQueue.edges).toHaveLength(4);
    // Once a health worker writes to a case, it joins their queue.
    const involving = randomUUID();
    const steps = sampleTimeline(involving);
    await harness.record(
      involving,
      steps.filter(({ event }) => ['ReportReceived', 'ReportForwardedToCommune'].includes(event.type)),
    );
    await harness.record(involving, [
      steps.find(({ event }) => event.type === 'InterventionTaskCompleted') as (typeof steps)[number],
    ]);
    await harness.queued(involving, 2);
    const health = await harness.ask<QueueAnswer>('health_worker', QUEUE, { first: 10 });
    expect(health.data?.workQueue.edges.map((edge) => edge.node.id)).toEqual([involving]);
  });

  it('a case whose event could not be applied is flagged stale', async () => {
    const caseId = quyNhonCases[2] as string;
    // What the consumer kit records when it dead-letters one of this case's events.
    await harness.readModel.query(
      `update gateway.consumer_streams set stale = true, stale_reason = 'test' where stream_id = $1`,
      [`case-${caseId}`],
    );
    const answer = await harness.ask<QueueAnswer>('commune_officer', QUEUE, { first: 10 });
    expect(answer.data?.workQueue.edges.find((edge) => edge.node.id === caseId)?.node.stale).toBe(true);
  });
});

describe('compliance of a commune (J4)', () => {
  const COMPLIANCE = `query C($commune: String!, $from: String, $to: String) { communeCompliance(communeCode: $commune, from: $from, to: $to) {
    cases { caseId met metLate overdue open worstLateHours unansweredReferrals } deadlinesMet deadlinesMetLate deadlinesOverdue unansweredReferrals } }`;
  type Report = {
    communeCompliance: {
      cases: Array<{
        caseId: string;
        met: number;
        metLate: number;
        overdue: number;
        open: number;
        worstLateHours: number | null;
      }>;
      deadlinesMet: number;
      deadlinesMetLate: number;
      deadlinesOverdue: number;
    };
  };

  it('lists the commune’s cases with their deadlines by outcome; the totals are the sums; a period narrows it', async () => {
    const report = await harness.ask<Report>('auditor', COMPLIANCE, { commune: QUY_NHON });
    expect(report.errors).toBeUndefined();
    const lines = report.data?.communeCompliance.cases ?? [];
    expect(lines.map((line) => line.caseId)).toEqual(expect.arrayContaining(quyNhonCases));
    expect(lines.some((line) => line.caseId === pleikuCase)).toBe(false);
    expect(report.data?.communeCompliance.deadlinesOverdue).toBe(
      lines.reduce((sum, line) => sum + line.overdue, 0),
    );
    expect(report.data?.communeCompliance.deadlinesMet).toBe(lines.reduce((sum, line) => sum + line.met, 0));
    expect(lines.every((line) => line.met + line.metLate + line.overdue + line.open > 0)).toBe(true);
    expect(lines.every((line) => line.overdue + line.metLate > 0 === (line.worstLateHours !== null))).toBe(
      true,
    );
    const late = await harness.ask<Report>('commune_officer', COMPLIANCE, {
      commune: QUY_NHON,
      from: at('2026-03-02T08:30:00'),
      to: at('2026-03-03T00:00:00'),
    });
    expect(late.data?.communeCompliance.cases.map((line) => line.caseId)).toEqual([quyNhonCases[2]]);
  });

  it('only for roles that see deadlines, over communes they see; a bad instant names the field', async () => {
    expect(
      (await harness.ask('commune_officer', COMPLIANCE, { commune: QUY_NHON }, [PLEIKU])).errors?.[0]
        ?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await harness.ask('legal_aid_officer', COMPLIANCE, { commune: QUY_NHON })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await harness.ask('auditor', COMPLIANCE, { commune: QUY_NHON, from: 'last week' })).errors?.[0]
        ?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'from',
    });
  });
});

describe('batched loading', () => {
  const PAGE = `query Page($first: Int) { workQueue(first: $first) { edges { node { id status deadlines { kind } child { childId fullName sex withheld { field reason } } timeline(first: 50) { edges { node { type data } } } } } } }`;

  async function tripsFor(first: number) {
    // The queue's consumer polls the store in the background: stopped, so only the request is counted.
    await harness.quiesce();
    const before = harness.trips.count;
    const answer = await harness.ask<QueueAnswer>('provincial_coordinator', PAGE, { first });
    const trips = harness.trips.count - before;
    expect(answer.errors).toBeUndefined();
    return { trips, cases: answer.data?.workQueue.edges.length ?? 0 };
  }

  it('a page of cases with their timelines costs the same round trips for 1 case as for 5', async () => {
    const one = await tripsFor(1);
    const five = await tripsFor(5);
    expect(one.cases).toBe(1);
    expect(five.cases).toBe(5);
    expect(five.trips).toBe(one.trips);
    expect(five.trips).toBeLessThanOrEqual(2);
  });
});
