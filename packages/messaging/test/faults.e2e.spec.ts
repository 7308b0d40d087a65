import { randomUUID } from 'node:crypto';
import { type EventMetadata, newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import {
  createTestDatabase,
  type KafkaBroker,
  kafkaBrokers,
  startKafkaBroker,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@chungtay/testing';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafka,
  ensureTopics,
  type HandledEvent,
  PostgresLeaderLock,
  postgresDatabase,
  ReadModelConsumer,
  Relay,
  RelayCheckpoints,
  topicOf,
} from '../src/index.ts';

let database: TestDatabase;
let store: SqlEventStore;
let pool: pg.Pool;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  database = await createTestDatabase('faults');
  store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }), { idlePollMs: 20 });
  pool = new pg.Pool({ connectionString: database.url, max: 10 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});
afterAll(async () => {
  await pool?.end();
  await store?.close();
  await database?.drop();
});

const metadata = (): EventMetadata => ({
  actor: { userId: 'u', agency: 'police', role: 'police_investigator' },
  correlationId: randomUUID(),
  occurredAt: '2026-03-02T09:00:00+07:00',
});
const statement = () => ({
  id: newEventId(),
  type: 'InvestigationOpened',
  schemaVersion: 1,
  data: { investigationId: randomUUID(), openedAt: '2026-03-02T09:00:00+07:00', unit: 'CA' },
  metadata: metadata(),
});

async function pipeline(kafka: Kafka, handlerDelayMs = 0) {
  const prefix = `${uniqueName('f')}.`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [
    { name: topicOf('case-x', prefix), partitions: 4 },
    { name: `${prefix}dead-letter`, partitions: 1 },
  ]);
  await admin.disconnect();
  const schema = `rm_${randomUUID().slice(0, 8)}`;
  await pool.query(
    `create schema ${schema}; create table ${schema}.counts (stream_id text primary key, n int not null)`,
  );
  const checkpoints = new RelayCheckpoints(pool, uniqueName('relay'));
  await checkpoints.migrate();
  const relay = new Relay({
    store,
    kafka,
    checkpoints,
    lock: new PostgresLeaderLock(database.url, [6161, Math.floor(Math.random() * 1e6)]),
    topicPrefix: prefix,
    standbyPollMs: 200,
  });
  running.push(relay);
  const group = `${schema}-group`;
  const consumer = () => {
    const instance = new ReadModelConsumer({
      kafka,
      name: group,
      topics: [topicOf('case-x', prefix)],
      db: postgresDatabase(pool),
      schema,
      deadLetterTopic: `${prefix}dead-letter`,
      handle: async (event: HandledEvent, tx) => {
        if (handlerDelayMs) await new Promise((resolve) => setTimeout(resolve, handlerDelayMs));
        await tx.query(
          `insert into ${schema}.counts (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = ${schema}.counts.n + 1`,
          [event.recorded.streamId],
        );
      },
    });
    running.push(instance);
    return instance;
  };
  return { relay, consumer, schema };
}

const streams = Array.from({ length: 40 }, () => `case-${randomUUID()}`);
let appended = 0;
async function appendFor(ms: number, perSecond: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await store.appendToStream(streams[appended % streams.length] as string, [statement()], 'any');
    appended++;
    await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
  }
}

/** Each stream's count in the read model equals its number of events in the store. */
async function expectEqualsReplay(schema: string, timeoutMs = 90_000) {
  const expected = new Map<string, number>();
  for (const stream of streams) {
    const revision = await store.streamRevision(stream);
    if (revision !== undefined) expected.set(stream, revision + 1);
  }
  const rows = await waitFor(
    async () => {
      const { rows } = await pool.query<{ stream_id: string; n: number }>(
        `select stream_id, n from ${schema}.counts`,
      );
      const total = rows.reduce((sum, row) => sum + row.n, 0);
      const wanted = [...expected.values()].reduce((sum, n) => sum + n, 0);
      return total >= wanted ? rows : undefined;
    },
    { timeoutMs, intervalMs: 200, what: 'the read model to catch up' },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { rows: settled } = await pool.query<{ stream_id: string; n: number }>(
    `select stream_id, n from ${schema}.counts`,
  );
  expect(settled.length).toBe(rows.length);
  for (const row of settled) expect(row.n).toBe(expected.get(row.stream_id));
}

describe('faults on the real broker', () => {
  let broker: KafkaBroker | undefined;
  afterAll(async () => {
    await broker?.stop();
  });

  it('loses and doubles nothing when the broker restarts under sustained load', async () => {
    broker = await startKafkaBroker();
    const kafka = createKafka({ brokers: [broker.brokers], clientId: uniqueName('restart') });
    const { relay, consumer, schema } = await pipeline(kafka);
    relay.start();
    await consumer().start();
    const load = appendFor(14_000, 40);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await broker.halt();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await broker.resume();
    await load;
    await expectEqualsReplay(schema);
  }, 240_000);

  it('loses, doubles and dead-letters nothing when the broker is killed (-9) under load (issue 17)', async () => {
    broker ??= await startKafkaBroker();
    const kafka = createKafka({ brokers: [broker.brokers], clientId: uniqueName('crash') });
    const { relay, consumer, schema } = await pipeline(kafka);
    relay.start();
    const reading = consumer();
    await reading.start();
    const load = appendFor(12_000, 40);
    await waitFor(() => (reading.metrics.applied > 20 ? true : undefined), { timeoutMs: 60_000 });
    await broker.crash();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the outage itself: the fault under test
    await broker.resume();
    await load;
    await expectEqualsReplay(schema);
    expect(reading.metrics.deadLettered).toBe(0);
    expect(await reading.staleStreams()).toEqual([]);
  }, 240_000);

  it('keeps exactly once through a slow consumer and two rebalances', async () => {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('rebalance') });
    const { relay, consumer, schema } = await pipeline(kafka, 20);
    relay.start();
    const first = consumer();
    await first.start();
    const load = appendFor(8_000, 40);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = consumer();
    await second.start(); // rebalance: partitions split between the two
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await first.stop(); // rebalance: the second takes everything
    await load;
    await expectEqualsReplay(schema);
    expect(first.metrics.applied + second.metrics.applied).toBeGreaterThanOrEqual(appended);
  });
});
