/**
 * Replay and the yearly report, as auditors and the Department of Health need them (issue 8), on the real
 * PostgreSQL:
 *   RESULT replay.case ms=…          read and fold one 10,000-event case
 *   RESULT replay.all events_per_s=… replayAll: read the whole log and fold every case (1,000,000 events), with
 *                                    this thread and one reader thread per further core, reader start included
 *   RESULT report.year s=…           the yearly report over those same events (folds, deadlines, Merkle root)
 * Folding is the case service's own `evolve`. BENCH_SCALE=0.1 shortens the run (100,000 events).
 */
import { randomUUID } from 'node:crypto';
import { type CaseState, evolve, initialCaseState } from '@chungtay/case';
import type { CaseEvent } from '@chungtay/contracts';
import { newEventId, postgresExecutor, type RecordedEvent, SqlEventStore } from '@chungtay/event-store';
import { createTestDatabase } from '@chungtay/testing';
import { buildYearlyReport, replayAll } from '../src/index.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const TOTAL = Math.round(1_000_000 * scale);
const PER_CASE = 100;
const BIG_CASE = 10_000;
const out = (line: string) => process.stdout.write(`${line}\n`);

const database = await createTestDatabase('bench_replay');
const store = await SqlEventStore.open(
  postgresExecutor({ connectionString: database.url, maxConnections: 8 }),
);
const metadata = () => ({
  actor: { userId: 'officer-1', agency: 'commune' as const, role: 'commune_officer', communeCode: '21583' },
  correlationId: randomUUID(),
  occurredAt: '2026-03-02T08:00:00+07:00',
});
const report = (caseId: string) => ({
  id: newEventId(),
  type: 'ReportReceived',
  schemaVersion: 1,
  data: {
    caseId,
    receivedAt: '2026-03-02T08:00:00+07:00',
    channel: 'HOTLINE_111',
    receivingAgency: 'commune',
    incidentCommuneCode: '21583',
    category: 'ABUSED',
    formsOfHarm: ['VIOLENCE'],
    child: { childId: randomUUID(), estimatedAge: 9, sex: 'FEMALE' },
    relatives: [],
    narrative: 'Trẻ bị đánh.',
    reporter: { consentToRecordIdentity: false },
  },
  metadata: metadata(),
});
const visit = (n: number) => ({
  id: newEventId(),
  type: 'MonitoringVisitRecorded',
  schemaVersion: 1,
  data: {
    childId: randomUUID(),
    visitedAt: '2026-03-10T10:00:00+07:00',
    childSituation: 'STABLE',
    notes: `Lần thăm ${n}`,
  },
  metadata: metadata(),
});

/** Appends a case of `events` events, in batches of up to 1,000 (one transaction each). */
async function seedCase(events: number): Promise<string> {
  const caseId = randomUUID();
  const stream = `case-${caseId}`;
  let revision: number | 'no_stream' = 'no_stream';
  for (let written = 0; written < events; ) {
    const batch = Array.from({ length: Math.min(1_000, events - written) }, (_, i) =>
      written + i === 0 ? report(caseId) : visit(written + i),
    );
    revision = (await store.appendToStream(stream, batch, revision)).nextExpectedRevision;
    written += batch.length;
  }
  return caseId;
}

const fold = (state: CaseState, event: RecordedEvent) =>
  evolve(state, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor);

const seeding = performance.now();
const bigCase = await seedCase(BIG_CASE);
const cases = Math.max(1, Math.round((TOTAL - BIG_CASE) / PER_CASE));
const writers = 4;
let next = 0;
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (next < cases) {
      next++;
      await seedCase(PER_CASE);
    }
  }),
);
const seeded = BIG_CASE + cases * PER_CASE;
process.stderr.write(`seeded ${seeded} events in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`);
// As autovacuum leaves a log in service: statistics gathered, and the rows' commit status settled, so the
// replays below measure reading an established log, not the first touch of rows written a moment ago.
const settling = performance.now();
await store.executor.exec('vacuum (analyze) chungtay.events');
process.stderr.write(`vacuumed in ${((performance.now() - settling) / 1000).toFixed(1)} s\n`);

// One case: read its stream and fold it.
const started = performance.now();
const events = await store.readStream(`case-${bigCase}`);
const state = events.reduce(fold, initialCaseState());
const caseMs = performance.now() - started;
if (state.status === 'NONE' || events.length !== BIG_CASE) throw new Error('the big case did not replay');

// Everything: every case folded, as `chungtay replay` does it against PostgreSQL.
const replayStart = performance.now();
const everything = await replayAll(store, { readers: { databaseUrl: database.url } });
const replaySeconds = (performance.now() - replayStart) / 1000;
const replayed = everything.events;
if (replayed < seeded || everything.cases !== cases + 1)
  throw new Error(`replayed ${replayed} of ${seeded} events, ${everything.cases} of ${cases + 1} cases`);

out(`RESULT replay.case ms=${caseMs.toFixed(0)} events=${BIG_CASE}`);
out(
  `RESULT replay.all events_per_s=${Math.round(replayed / replaySeconds)} events=${replayed} cases=${everything.cases} s=${replaySeconds.toFixed(2)} readers=${everything.readers.length} per_reader=${everything.readers.join('/')} target_events_per_s=200000`,
);
// The yearly report over the same log: every case folded with its referrals, deadlines judged, pinned to
// the log's Merkle root.
const reportStart = performance.now();
const yearly = await buildYearlyReport(store, {
  from: '2026-01-01T00:00:00+07:00',
  to: '2027-01-01T00:00:00+07:00',
});
const reportSeconds = (performance.now() - reportStart) / 1000;
if (yearly.province.reportsReceived !== cases + 1 || yearly.pinnedTo.logSize !== replayed)
  throw new Error(
    `the report counted ${yearly.province.reportsReceived} reports over ${yearly.pinnedTo.logSize} events`,
  );
out(
  `RESULT report.year s=${reportSeconds.toFixed(1)} events=${yearly.pinnedTo.logSize} reports=${yearly.province.reportsReceived} events_per_s=${Math.round(yearly.pinnedTo.logSize / reportSeconds)}`,
);
await store.close();
await database.drop();
