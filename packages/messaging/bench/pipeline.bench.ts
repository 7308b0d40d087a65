/**
 * The pipeline, end to end on the real broker: append → relay → Kafka → a consumer's read model.
 *   RESULT pipeline.latency   at 500 events/s for 30 s, after 30 s of warm-up at that rate: p50/p99 from append
 *                             to visible in the read model
 *   RESULT pipeline.throughput the highest rate the read model keeps up with (writers flat out)
 * Starts its own broker unless KAFKA_BROKERS is set. BENCH_SCALE=0.2 shortens the runs.
 */
import { randomUUID } from 'node:crypto';
import { newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { createTestDatabase, startKafkaBroker, uniqueName } from '@chungtay/testing';
import pg from 'pg';
import {
  createKafka,
  ensureTopics,
  PostgresLeaderLock,
  postgresDatabase,
  ReadModelConsumer,
  Relay,
  RelayCheckpoints,
  topicOf,
} from '../src/index.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RATE = 500;
const LATENCY_SECONDS = Math.max(3, Math.round(30 * scale));
const THROUGHPUT_EVENTS = Math.max(2_000, Math.round(30_000 * scale));
const STREAMS = 200;

const broker = process.env.KAFKA_BROKERS ? undefined : await startKafkaBroker();
const brokers = (process.env.KAFKA_BROKERS ?? broker?.brokers ?? '').split(',');
const database = await createTestDatabase('bench_pipeline');
const store = await SqlEventStore.open(
  postgresExecutor({ connectionString: database.url, maxConnections: 16 }),
  {
    idlePollMs: 20,
  },
);
const pool = new pg.Pool({ connectionString: database.url, max: 8 });
const kafka = createKafka({ brokers, clientId: uniqueName('bench') });
const prefix = `${uniqueName('bench')}.`;
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, [
  { name: topicOf('case-x', prefix), partitions: 6 },
  { name: `${prefix}dead-letter`, partitions: 1 },
]);
await admin.disconnect();

const appendedAt = new Map<string, bigint>();
const latencies: number[] = [];
const publishLatencies: number[] = [];
const consumeLatencies: number[] = [];
const publishedAt = new Map<string, bigint>();
let applied = 0;
await pool.query(
  'create schema if not exists bench_rm; create table bench_rm.counts (stream_id text primary key, n int not null)',
);
const checkpoints = new RelayCheckpoints(pool, 'bench-relay');
await checkpoints.migrate();
const relay = new Relay({
  store,
  kafka,
  checkpoints,
  lock: new PostgresLeaderLock(database.url, [5150, 1]),
  topicPrefix: prefix,
  batchSize: 500,
  // Observation point: the broker acknowledged the batch (splits the latency into its two stages).
  afterPublish: (batch) => {
    const now = process.hrtime.bigint();
    for (const event of batch) {
      const started = appendedAt.get(event.id);
      if (started === undefined) continue;
      publishLatencies.push(Number(now - started) / 1e6);
      publishedAt.set(event.id, now);
    }
  },
});
const consumer = new ReadModelConsumer({
  kafka,
  name: uniqueName('bench-consumer'),
  topics: [topicOf('case-x', prefix)],
  db: postgresDatabase(pool),
  schema: 'bench_rm',
  deadLetterTopic: `${prefix}dead-letter`,
  handle: async (event, tx) => {
    await tx.query(
      'insert into bench_rm.counts (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = bench_rm.counts.n + 1',
      [event.recorded.streamId],
    );
  },
  // Observation point, not a fault: the moment the read model has committed the event.
  faults: {
    afterCommit: (event) => {
      applied++;
      const published = publishedAt.get(event.id);
      if (published !== undefined) consumeLatencies.push(Number(process.hrtime.bigint() - published) / 1e6);
      publishedAt.delete(event.id);
      const started = appendedAt.get(event.id);
      if (started !== undefined) {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        appendedAt.delete(event.id);
      }
    },
  },
});
relay.start();
await consumer.start();

const streams = Array.from({ length: STREAMS }, () => `case-${randomUUID()}`);
const investigation = randomUUID();
const append = async () => {
  const event = {
    id: newEventId(),
    type: 'InvestigationOpened',
    schemaVersion: 1,
    data: { investigationId: investigation, openedAt: '2026-03-02T09:00:00+07:00', unit: 'CA' },
    metadata: {
      actor: { userId: 'bench', agency: 'police' as const, role: 'police_investigator' },
      correlationId: randomUUID(),
      occurredAt: '2026-03-02T09:00:00+07:00',
    },
  };
  appendedAt.set(event.id, process.hrtime.bigint());
  await store.appendToStream(streams[Math.floor(Math.random() * STREAMS)] as string, [event], 'any');
};
const waitUntil = async (condition: () => boolean, seconds = 120) => {
  const deadline = Date.now() + seconds * 1000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('the read model did not catch up');
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

// Offers appends at a fixed rate, one every 1000/rate ms, and waits for them to be stored.
const offer = async (events: number) => {
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < events; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(append());
  }
  await Promise.all(inFlight);
  return events / ((Date.now() - started) / 1000);
};

// Warm-up at the same rate for as long as the measure: connections, group join, partition assignment, and the
// JIT of a broker that has just booted. Latency keeps falling for about 30 s after a cold start (decision 0030),
// and a province's platform runs warm, so the measure is the steady state.
const warmUp = RATE * Math.max(2, Math.round(30 * scale));
await offer(warmUp);
await waitUntil(() => applied >= warmUp);
latencies.length = 0;
publishLatencies.length = 0;
consumeLatencies.length = 0;

// Latency at a fixed rate for LATENCY_SECONDS.
const total = RATE * LATENCY_SECONDS;
const offeredRate = await offer(total);
await waitUntil(() => latencies.length >= total);
process.stdout.write(
  `RESULT pipeline.latency p50_ms=${percentile(latencies, 50).toFixed(1)} p99_ms=${percentile(latencies, 99).toFixed(1)} rate=${offeredRate.toFixed(0)} events=${total} seconds=${LATENCY_SECONDS} publish_p50_ms=${percentile(publishLatencies, 50).toFixed(1)} publish_p99_ms=${percentile(publishLatencies, 99).toFixed(1)} consume_p50_ms=${percentile(consumeLatencies, 50).toFixed(1)} consume_p99_ms=${percentile(consumeLatencies, 99).toFixed(1)}\n`,
);

// Throughput: 32 writers flat out; the rate is what the read model has applied, start to caught up.
const before = applied;
const throughputStart = Date.now();
let issued = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (issued < THROUGHPUT_EVENTS) {
      issued++;
      await append();
    }
  }),
);
await waitUntil(() => applied - before >= THROUGHPUT_EVENTS, 300);
const seconds = (Date.now() - throughputStart) / 1000;
process.stdout.write(
  `RESULT pipeline.throughput events_per_s=${(THROUGHPUT_EVENTS / seconds).toFixed(0)} events=${THROUGHPUT_EVENTS} seconds=${seconds.toFixed(1)}\n`,
);

await consumer.stop();
await relay.stop();
await pool.end();
await store.close();
await database.drop();
await broker?.stop();
