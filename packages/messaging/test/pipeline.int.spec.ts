import { randomUUID } from 'node:crypto';
import { type EventMetadata, newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { createTestDatabase, kafkaBrokers, type TestDatabase, uniqueName, waitFor } from '@chungtay/testing';
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
  SimulatedCrash,
  topicOf,
} from '../src/index.ts';

/** 50 in CI; the soak script (`pnpm --filter @chungtay/messaging soak`) runs many more. */
const CRASHES = Number(process.env.CHUNGTAY_SOAK_CRASHES ?? 50);

let database: TestDatabase;
let store: SqlEventStore;
let pool: pg.Pool;
let kafka: Kafka;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  database = await createTestDatabase('pipeline');
  store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }), { idlePollMs: 20 });
  pool = new pg.Pool({ connectionString: database.url, max: 10 });
  kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('pipeline') });
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
/** Real contract events (police investigation steps) so consumers validate them as in production. */
const opened = (investigationId: string) => ({
  id: newEventId(),
  type: 'InvestigationOpened',
  schemaVersion: 1,
  data: { investigationId, openedAt: '2026-03-02T09:00:00+07:00', unit: 'Công an phường' },
  metadata: metadata(),
});
const referred = (investigationId: string) => ({
  id: newEventId(),
  type: 'ReferredForProsecution',
  schemaVersion: 1,
  data: {
    investigationId,
    referredAt: '2026-03-03T09:00:00+07:00',
    procuracy: 'VKS',
    offences: ['Điều 134'],
  },
  metadata: metadata(),
});

/** A fresh topic set, a relay checkpoint name and a read model per test. */
async function setting() {
  const prefix = `${uniqueName('t')}.`;
  const admin = kafka.admin();
  await admin.connect();
  const caseTopic = topicOf('case-x', prefix);
  const deadLetter = `${prefix}dead-letter`;
  await ensureTopics(admin, [
    { name: caseTopic, partitions: 3 },
    { name: topicOf('child-x', prefix), partitions: 3 },
    { name: deadLetter, partitions: 1 },
  ]);
  await admin.disconnect();
  const schema = `rm_${randomUUID().slice(0, 8)}`;
  const checkpoints = new RelayCheckpoints(pool, uniqueName('relay'));
  await checkpoints.migrate();
  return { prefix, caseTopic, deadLetter, schema, checkpoints };
}

function relay(
  config: Awaited<ReturnType<typeof setting>>,
  extra: Partial<ConstructorParameters<typeof Relay>[0]> = {},
) {
  const instance = new Relay({
    store,
    kafka,
    checkpoints: config.checkpoints,
    lock: new PostgresLeaderLock(database.url, [4242, Math.floor(Math.random() * 1e6)]),
    topicPrefix: config.prefix,
    batchSize: 50,
    standbyPollMs: 100,
    ...extra,
  });
  running.push(instance);
  return instance;
}

/** A read model that records, per stream, the event types in the order applied. */
async function readModel(
  config: Awaited<ReturnType<typeof setting>>,
  extra: Partial<ConstructorParameters<typeof ReadModelConsumer>[0]> = {},
) {
  await pool.query(`create schema if not exists ${config.schema};
    create table if not exists ${config.schema}.timeline (stream_id text primary key, types text[] not null)`);
  const consumer = new ReadModelConsumer({
    kafka,
    name: `${config.schema}-consumer`,
    topics: [config.caseTopic],
    db: postgresDatabase(pool),
    schema: config.schema,
    deadLetterTopic: config.deadLetter,
    handle: async (event: HandledEvent, tx) => {
      await tx.query(
        `insert into ${config.schema}.timeline (stream_id, types) values ($1, array[$2])
         on conflict (stream_id) do update set types = ${config.schema}.timeline.types || excluded.types`,
        [event.recorded.streamId, event.type],
      );
    },
    ...extra,
  });
  running.push(consumer);
  return consumer;
}

async function appendCases(count: number, eventsPerCase: number): Promise<string[]> {
  const streams: string[] = [];
  for (let n = 0; n < count; n++) {
    const stream = `case-${randomUUID()}`;
    streams.push(stream);
    const investigation = randomUUID();
    for (let e = 0; e < eventsPerCase; e++) {
      await store.appendToStream(
        stream,
        [e === 0 ? opened(investigation) : referred(investigation)],
        e === 0 ? 'no_stream' : e - 1,
      );
    }
  }
  return streams;
}

/** The read model must equal a replay of the store: every event once, in each stream's order. */
async function expectEqualsReplay(schema: string, streams: readonly string[]) {
  const expected = new Map<string, string[]>();
  for (const stream of streams)
    expected.set(
      stream,
      (await store.readStream(stream)).map((event) => event.type),
    );
  const actual = await waitFor(
    async () => {
      const { rows } = await pool.query<{ stream_id: string; types: string[] }>(
        `select stream_id, types from ${schema}.timeline where stream_id = any($1)`,
        [streams],
      );
      const total = rows.reduce((sum, row) => sum + row.types.length, 0);
      const wanted = [...expected.values()].reduce((sum, types) => sum + types.length, 0);
      return total >= wanted && rows.length === streams.length ? rows : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 100, what: 'the read model to catch up' },
  );
  // Give a late duplicate the chance to show itself before comparing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { rows } = await pool.query<{ stream_id: string; types: string[] }>(
    `select stream_id, types from ${schema}.timeline where stream_id = any($1)`,
    [streams],
  );
  expect(actual.length).toBe(streams.length);
  for (const row of rows) expect(row.types).toEqual(expected.get(row.stream_id));
}

async function messagesOn(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

describe('store → relay → Kafka → read model, on the real broker', () => {
  it('delivers every event, each case in order, and the read model equals a replay', async () => {
    const config = await setting();
    const streams = await appendCases(20, 4);
    relay(config).start();
    await (await readModel(config)).start();
    await expectEqualsReplay(config.schema, streams);
    const more = await appendCases(5, 3);
    await expectEqualsReplay(config.schema, [...streams, ...more]);
    expect(await messagesOn(config.caseTopic)).toBe(20 * 4 + 5 * 3);
  });

  it('commits applied offsets in the background and on stop, so a consumer restarted in its group re-reads nothing', async () => {
    const config = await setting();
    const publishing = relay(config);
    publishing.start();
    const first = await readModel(config);
    await first.start();
    const before = await appendCases(6, 3);
    await expectEqualsReplay(config.schema, before);
    await allPublished(publishing);
    await waitFor(async () => ((await first.lag()) === 0 ? true : undefined), { what: 'no lag' });
    await first.stop();
    const again = await readModel(config);
    await again.start();
    const after = await appendCases(4, 2);
    await expectEqualsReplay(config.schema, [...before, ...after]);
    expect(again.metrics.applied).toBe(4 * 2);
    expect(again.metrics.duplicates).toBe(0);
  });

  it('applies every partition of a fetch in one read-model transaction (group commit)', async () => {
    const config = await setting();
    const streams = await appendCases(12, 2);
    const publishing = relay(config);
    publishing.start();
    const total = await allPublished(publishing);
    const partitions = await partitionsHolding(config.caseTopic);
    expect(partitions).toBeGreaterThan(1);
    let transactions = 0;
    const db = postgresDatabase(pool);
    const consumer = await readModel(config, {
      db: {
        ...db,
        transaction: (work) => {
          transactions++;
          return db.transaction(work);
        },
      },
    });
    await consumer.start();
    await expectEqualsReplay(config.schema, streams);
    await waitFor(() => (consumer.metrics.applied === total ? true : undefined), { what: 'the backlog' });
    expect(transactions).toBeLessThan(partitions);
  });

  it('runs one relay at a time; when the leader stops, the standby takes over and nothing is lost or doubled', async () => {
    const config = await setting();
    const lock = (): PostgresLeaderLock => new PostgresLeaderLock(database.url, [4243, 77]);
    const first = relay(config, { lock: lock() });
    const second = relay(config, { lock: lock() });
    first.start();
    await waitFor(() => (first.isLeader ? true : undefined), { what: 'the first relay to lead' });
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.isLeader).toBe(false);
    await (await readModel(config)).start();
    const before = await appendCases(10, 3);
    await expectEqualsReplay(config.schema, before);
    await first.stop();
    await waitFor(() => (second.isLeader ? true : undefined), { what: 'the standby to take over' });
    const after = await appendCases(10, 3);
    await expectEqualsReplay(config.schema, [...before, ...after]);
  });

  it('re-publishes after a crash between produce and checkpoint, and the read model still applies each event once', async () => {
    const config = await setting();
    const streams = await appendCases(15, 4);
    let batches = 0;
    const crashing: Relay = relay(config, {
      batchSize: 10,
      afterPublish: () => {
        if (++batches === 3) {
          void crashing.stop();
          throw new Error('crash between produce and checkpoint');
        }
      },
    });
    crashing.start();
    await waitFor(() => (batches >= 3 ? true : undefined), { what: 'the crash' });
    await crashing.stop();
    relay(config, { batchSize: 10 }).start();
    await (await readModel(config)).start();
    await expectEqualsReplay(config.schema, streams);
    // The batch published before the crash was published again: duplicates reached Kafka, not the read model.
    expect(await messagesOn(config.caseTopic)).toBeGreaterThan(15 * 4);
  });

  it('ends its lead when the checkpoint cannot be saved, then leads again from the last saved one, losing nothing', async () => {
    const config = await setting();
    const streams = await appendCases(15, 4);
    let saves = 0;
    class FailingOnce extends RelayCheckpoints {
      override async save(position: Parameters<RelayCheckpoints['save']>[0]): Promise<void> {
        if (++saves <= 2) throw new Error('the database refused the checkpoint');
        await super.save(position);
      }
    }
    const checkpoints = new FailingOnce(pool, uniqueName('relay'));
    const recovering = relay({ ...config, checkpoints }, { batchSize: 10, standbyPollMs: 50 });
    recovering.start();
    await (await readModel(config)).start();
    await expectEqualsReplay(config.schema, streams);
    // The first two saves fail (one lead may attempt both before it notices): nothing was saved, so a later
    // lead publishes again from the start, duplicates but never a gap.
    const total = await allPublishedCount();
    await waitFor(() => (recovering.published > total ? true : undefined), { what: 'the next lead' });
    expect(saves).toBeGreaterThan(2);
    expect(await messagesOn(config.caseTopic)).toBeGreaterThan(15 * 4);
    await expectEqualsReplay(config.schema, streams);
  });

  it(`survives ${CRASHES} consumer crashes at random points (before and after the read model commits), applying each event once`, async () => {
    const config = await setting();
    relay(config).start();
    // 25 crashes at each point: before the read model commits (the batch rolls back) and after it commits
    // (the offset is not yet resolved, so the batch comes again and its events are duplicates).
    const budget: Record<string, number> = { 'before commit': CRASHES / 2, 'after commit': CRASHES / 2 };
    let crashes = 0;
    const crashSometimes = (point: string) => () => {
      if ((budget[point] ?? 0) > 0 && Math.random() < 0.35) {
        budget[point] = (budget[point] ?? 0) - 1;
        crashes++;
        throw new SimulatedCrash(`consumer died ${point}`);
      }
    };
    const consumer = await readModel(config, {
      faults: { beforeCommit: crashSometimes('before commit'), afterCommit: crashSometimes('after commit') },
    });
    await consumer.start();
    // New events keep arriving in small rounds, so crashes keep meeting fresh batches.
    const streams = await appendCases(10, 1);
    for (let round = 0; crashes < CRASHES && round < CRASHES * 8; round++) {
      for (const stream of streams.slice(round % 5, (round % 5) + 5)) {
        const revision = (await store.streamRevision(stream)) as number;
        await store.appendToStream(stream, [referred(randomUUID())], revision);
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(crashes).toBe(CRASHES);
    await expectEqualsReplay(config.schema, streams);
    expect(consumer.metrics.duplicates).toBeGreaterThan(0);
  });

  it('dead-letters what it cannot handle, with the reason, marks the stream stale, and goes on', async () => {
    const config = await setting();
    const good = await appendCases(5, 2);
    const poisoned = await appendCases(1, 2);
    relay(config).start();
    const consumer = await readModel(config, {
      maxAttempts: 2,
      handle: async (event, tx) => {
        if (event.recorded.streamId === poisoned[0] && event.recorded.revision === 1)
          throw new Error('read model refuses');
        await tx.query(
          `insert into ${config.schema}.timeline (stream_id, types) values ($1, array[$2])
           on conflict (stream_id) do update set types = ${config.schema}.timeline.types || excluded.types`,
          [event.recorded.streamId, event.type],
        );
      },
    });
    await consumer.start();
    // A message that is not an event at all, straight onto the topic.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: config.caseTopic, messages: [{ key: 'x', value: '{"not":"an event"}' }] });
    await producer.disconnect();
    await expectEqualsReplay(config.schema, good);
    await waitFor(() => (consumer.metrics.deadLettered === 2 ? true : undefined), {
      what: 'two dead letters',
    });
    expect(await consumer.staleStreams()).toEqual([poisoned[0]]);
    const reasons = await readDeadLetters(config.deadLetter, 2);
    expect(reasons.sort()).toEqual(
      [expect.stringMatching(/^Error: read model refuses/), expect.stringMatching(/^ZodError/)].sort(),
    );
  });
});

async function allPublishedCount(): Promise<number> {
  const [row] = await store.executor.query<{ total: string }>(
    'select count(*)::text as total from chungtay.events',
  );
  return Number(row?.total);
}

/** Waits until the relay has published every event in the store (earlier tests' too); returns how many. */
async function allPublished(publishing: Relay): Promise<number> {
  const total = await allPublishedCount();
  await waitFor(() => (publishing.published >= total ? true : undefined), { what: 'the relay to catch up' });
  return total;
}

async function partitionsHolding(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.filter((partition) => Number(partition.high) > Number(partition.low)).length;
}

async function readDeadLetters(topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  const reasons: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void reasons.push(message.headers?.reason?.toString() ?? ''),
  });
  await waitFor(() => (reasons.length >= count ? true : undefined), { what: 'dead letters' });
  await consumer.disconnect();
  return reasons;
}
