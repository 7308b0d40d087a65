/**
 * The gateway under load, from a separate load-generator process (autocannon), on the real PostgreSQL:
 *   RESULT gateway.timeline   a 200-event case read through a lens with redactions, 50 concurrent clients
 *   RESULT gateway.baseline   the same server answering `{ __typename }`
 *   RESULT gateway.cases_page the round trips a page of 50 cases costs (with their timelines)
 * Target (issue 6): the lens costs at most 2× the trivial query. BENCH_SCALE=0.2 shortens the runs.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { CaseEvent } from '@chungtay/contracts';
import { startGatewayHarness } from '../test/harness.ts';
import { at, sampleTimeline, writers } from '../test/timeline-samples.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const SECONDS = Math.max(3, Math.round(10 * scale));
const CONNECTIONS = 50;
const out = (line: string) => process.stdout.write(`${line}\n`);

// The access log at its production setting: reads buffered for 100 ms, then one append per case.
const harness = await startGatewayHarness('bench_gateway', { accessLogDelayMs: 100 });
const token = await harness.token('commune_officer');

// A 200-event case: the report and its assessment, then police statements (redacted for the commune
// officer) and monitoring visits, alternating.
const caseId = randomUUID();
const opening = sampleTimeline(caseId).slice(0, 3);
const investigationId = randomUUID();
const childId = (opening[2]?.event.data as { childId?: string } | undefined)?.childId ?? randomUUID();
const later: Array<{ event: CaseEvent; actor: (typeof writers)[keyof typeof writers] }> = [
  {
    event: {
      type: 'InvestigationOpened',
      data: { investigationId, openedAt: at('2026-03-02T10:30:00'), unit: 'Công an phường Quy Nhơn' },
    },
    actor: writers.police,
  },
];
while (opening.length + later.length < 200) {
  const n = later.length;
  later.push(
    n % 2
      ? {
          event: {
            type: 'StatementRecorded',
            data: {
              investigationId,
              childId,
              statementId: randomUUID(),
              recordedAt: at('2026-03-03T09:00:00'),
              from: 'WITNESS',
              summary: `Lời khai số ${n}: nhân chứng thấy trẻ bị đánh trước cổng nhà.`,
            },
          },
          actor: writers.police,
        }
      : {
          event: {
            type: 'MonitoringVisitRecorded',
            data: {
              childId,
              visitedAt: at('2026-03-10T10:00:00'),
              childSituation: 'IMPROVING',
              notes: `Lần thăm ${n}: trẻ đi học đều, gia đình hợp tác.`,
            },
          },
          actor: writers.commune,
        },
  );
}
await harness.record(caseId, [...opening, ...later]);

// 49 more cases for the page of 50.
for (let index = 0; index < 49; index++) {
  const other = randomUUID();
  await harness.record(other, sampleTimeline(other).slice(0, 3));
}
await harness.queued(caseId, 199);
await new Promise((resolve) => setTimeout(resolve, 500));

const TIMELINE = `query Timeline($id: ID!) { case(id: $id) { id status revision deadlines { kind dueAt status } timeline(first: 100) { edges { node { revision type agency visibility data } } } } }`;
const PAGE = `query Page { workQueue(first: 50) { edges { node { id status deadlines { kind dueAt } child { childId fullName sex } timeline(first: 10) { edges { node { type visibility } } } } } } }`;

/** Round trips (SQL statements) one request costs, the queue's background consumer stopped. */
async function roundTrips(query: string, variables: Record<string, unknown> = {}): Promise<number> {
  // The access log of an earlier read is written in the background: not this request's round trip.
  await harness.service.accessLog.flush();
  const before = harness.trips.count;
  const answer = await harness.ask('commune_officer', query, variables);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return harness.trips.count - before;
}

const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** Load from another process, so the server's CPU is measured, not the client's. */
async function load(query: string, variables: Record<string, unknown> = {}): Promise<CannonResult> {
  const body = JSON.stringify({ query, variables });
  const args = [
    autocannon,
    '-c',
    String(CONNECTIONS),
    '-d',
    String(SECONDS),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `authorization=Bearer ${token}`,
    '-b',
    body,
    '--json',
    `${harness.url}/graphql`,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as CannonResult;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

const sample = await harness.ask<{ case: { timeline: { edges: Array<{ node: { visibility: string } }> } } }>(
  'commune_officer',
  TIMELINE,
  { id: caseId },
);
const redacted = sample.data?.case.timeline.edges.filter(
  (edge) => edge.node.visibility === 'REDACTED',
).length;
await harness.quiesce();
const timelineTrips = await roundTrips(TIMELINE, { id: caseId });
const pageTrips = await roundTrips(PAGE);

await load('{ __typename }'); // warm-up
const baseline = await load('{ __typename }');
const tripsBefore = harness.trips.count;
const timeline = await load(TIMELINE, { id: caseId });
// Under load concurrent requests share their catch-up reads (the timeline cache's coalescing).
const tripsUnderLoad = (harness.trips.count - tripsBefore) / timeline.requests.total;
out(
  `RESULT gateway.timeline req_per_s=${Math.round(timeline.requests.average)} p50_ms=${timeline.latency.p50} p99_ms=${timeline.latency.p99} roundtrips_per_request=${timelineTrips} roundtrips_per_request_under_load=${tripsUnderLoad.toFixed(3)} events=200 redacted_in_page=${redacted} clients=${CONNECTIONS}`,
);
out(
  `RESULT gateway.baseline req_per_s=${Math.round(baseline.requests.average)} p99_ms=${baseline.latency.p99} lens_cost_ratio=${(baseline.requests.average / timeline.requests.average).toFixed(2)} target_ratio=2`,
);
out(`RESULT gateway.cases_page roundtrips_per_request=${pageTrips} cases=50`);
await harness.close();
