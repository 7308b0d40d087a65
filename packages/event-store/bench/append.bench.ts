/**
 * Event store benchmark, side by side with @event-driven-io/emmett-postgresql on the same PostgreSQL and the
 * same workload. Each store gets its own fresh database and a pool of the same size. Prints RESULT lines.
 *   BENCH_SCALE=0.2 pnpm bench   (a quicker, smaller run)
 */
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@chungtay/testing';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { type NewEvent, newEventId, postgresExecutor, SqlEventStore, START } from '../src/index.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const STREAMS = 1000;
const WRITERS = 32;
const ROUNDS = Math.max(1, Math.round(10 * scale));
const BATCHES_PER_WRITER = Math.max(1, Math.round(10 * scale));
const BATCH = 100;
const LONG_STREAM = 10_000;

const metadata = {
  actor: { userId: 'bench', agency: 'commune' as const, role: 'commune_officer', communeCode: '21583' },
  correlationId: randomUUID(),
  occurredAt: '2026-11-29T09:00:00+07:00',
};
const payload = {
  channel: 'hotline_111',
  category: 'abused',
  formsOfHarm: ['VIOLENCE'],
  note: 'x'.repeat(200),
};
const ourEvent = (): NewEvent => ({
  id: newEventId(),
  type: 'ReportReceived',
  schemaVersion: 1,
  data: payload,
  metadata,
});
const emmettEvent = () => ({ type: 'ReportReceived', data: payload, metadata });

interface Contender {
  readonly name: string;
  /** Appends to a stream at an exact revision (-1: the stream does not exist yet). */
  append(stream: string, count: number, revision: number): Promise<void>;
  readAll(): Promise<number>;
  readStream(stream: string): Promise<number>;
  close(): Promise<void>;
}

async function chungtay(url: string): Promise<Contender> {
  const store = await SqlEventStore.open(
    postgresExecutor({ connectionString: url, maxConnections: WRITERS }),
  );
  return {
    name: 'chungtay',
    async append(stream, count, revision) {
      const events = Array.from({ length: count }, ourEvent);
      await store.appendToStream(stream, events, revision < 0 ? 'no_stream' : revision);
    },
    async readAll() {
      let total = 0;
      let after = START;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) return total;
        total += page.length;
        after = page[page.length - 1]!.position;
      }
    },
    async readStream(stream) {
      return (await store.readStream(stream)).length;
    },
    close: () => store.close(),
  };
}

async function emmett(url: string): Promise<Contender> {
  const pool = new pg.Pool({ connectionString: url, max: WRITERS });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  const reader = dumbo({ connectionString: url });
  return {
    name: 'emmett',
    async append(stream, count, revision) {
      const events = Array.from({ length: count }, emmettEvent);
      // Emmett's versions count events (a stream with n events is at version n).
      await store.appendToStream(stream, events, {
        expectedStreamVersion: revision < 0 ? 'STREAM_DOES_NOT_EXIST' : BigInt(revision + 1),
      });
    },
    async readAll() {
      let total = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(reader.execute, { after, batchSize: 1000 });
        total += batch.messages.length;
        after = batch.currentGlobalPosition;
        if (!batch.areMessagesLeft || batch.messages.length === 0) return total;
      }
    },
    async readStream(stream) {
      return (await store.readStream(stream)).events.length;
    },
    async close() {
      await store.close();
      await reader.close();
      await pool.end().catch(() => undefined);
    },
  };
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function measure(contender: Contender) {
  const streams = Array.from({ length: STREAMS }, () => `case-${randomUUID()}`);
  const revisions = new Map<string, number>();
  const byWriter = (writer: number) => streams.filter((_, index) => index % WRITERS === writer);
  const runWriters = (work: (writer: number) => Promise<void>) =>
    Promise.all(Array.from({ length: WRITERS }, (_, writer) => work(writer)));

  // Warm-up (not timed): create every stream with its first event.
  await runWriters(async (writer) => {
    for (const stream of byWriter(writer)) {
      await contender.append(stream, 1, -1);
      revisions.set(stream, 0);
    }
  });

  let started = process.hrtime.bigint();
  await runWriters(async (writer) => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const stream of byWriter(writer)) {
        const revision = revisions.get(stream) as number;
        await contender.append(stream, 1, revision);
        revisions.set(stream, revision + 1);
      }
    }
  });
  const append = (STREAMS * ROUNDS) / seconds(started);

  started = process.hrtime.bigint();
  await runWriters(async (writer) => {
    const mine = byWriter(writer);
    for (let batch = 0; batch < BATCHES_PER_WRITER; batch++) {
      const stream = mine[batch % mine.length] as string;
      const revision = revisions.get(stream) as number;
      await contender.append(stream, BATCH, revision);
      revisions.set(stream, revision + BATCH);
    }
  });
  const appendBatch = (WRITERS * BATCHES_PER_WRITER * BATCH) / seconds(started);

  const long = `case-${randomUUID()}`;
  for (let revision = -1; revision < LONG_STREAM - 1; revision += BATCH) {
    await contender.append(long, BATCH, revision);
  }
  started = process.hrtime.bigint();
  const longLength = await contender.readStream(long);
  const readStreamMs = seconds(started) * 1000;
  if (longLength !== LONG_STREAM)
    throw new Error(`${contender.name}: read ${longLength} of ${LONG_STREAM} events`);

  started = process.hrtime.bigint();
  const total = await contender.readAll();
  const readAll = total / seconds(started);
  return { append, appendBatch, readStreamMs, readAll, total };
}

async function run(open: (url: string) => Promise<Contender>) {
  const database = await createTestDatabase('bench_store');
  const contender = await open(database.url);
  try {
    return await measure(contender);
  } finally {
    await contender.close();
    await database.drop();
  }
}

// ABBA order, each figure the mean of two runs, so neither store gains from running first or second.
type Figures = Awaited<ReturnType<typeof measure>>;
const mean = (a: Figures, b: Figures): Figures => ({
  append: (a.append + b.append) / 2,
  appendBatch: (a.appendBatch + b.appendBatch) / 2,
  readStreamMs: (a.readStreamMs + b.readStreamMs) / 2,
  readAll: (a.readAll + b.readAll) / 2,
  total: a.total,
});
const ours1 = await run(chungtay);
const theirs1 = await run(emmett);
const theirs2 = await run(emmett);
const ours2 = await run(chungtay);
const ours = mean(ours1, ours2);
const theirs = mean(theirs1, theirs2);
const round = (value: number) => Math.round(value);
const fixed = (value: number) => value.toFixed(2);
const line = (text: string) => process.stdout.write(`${text}\n`);
line(
  `RESULT store.append events_per_s=${round(ours.append)} ratio_vs_emmett=${fixed(ours.append / theirs.append)} emmett_events_per_s=${round(theirs.append)} streams=${STREAMS} writers=${WRITERS}`,
);
line(
  `RESULT store.append_batch events_per_s=${round(ours.appendBatch)} ratio_vs_emmett=${fixed(ours.appendBatch / theirs.appendBatch)} emmett_events_per_s=${round(theirs.appendBatch)} batch=${BATCH}`,
);
line(
  `RESULT store.read_all events_per_s=${round(ours.readAll)} ratio_vs_emmett=${fixed(ours.readAll / theirs.readAll)} emmett_events_per_s=${round(theirs.readAll)} events=${ours.total}`,
);
line(
  `RESULT store.read_stream ms=${fixed(ours.readStreamMs)} emmett_ms=${fixed(theirs.readStreamMs)} events=${LONG_STREAM}`,
);
