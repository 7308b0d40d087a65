import { randomBytes } from 'node:crypto';
import { ChildIndex } from '@chungtay/case';
import { personalDataMap } from '@chungtay/contracts';
import { seedDemo } from '@chungtay/demo';
import {
  type EventStore,
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { createTestDatabase, type TestDatabase, waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFolds, readLog, replayAll } from '../src/index.ts';

// The demo on the real PostgreSQL, replayed by this thread alone and with reader threads of their own.
let database: TestDatabase;
let store: ProtectedEventStore;
let byStatus: Record<string, number>;
let logSize: number;

beforeAll(async () => {
  database = await createTestDatabase('replay_readers');
  const executor = postgresExecutor({ connectionString: database.url, maxConnections: 4 });
  const stored = await SqlEventStore.open(executor);
  store = new ProtectedEventStore(stored, {
    personalData: personalDataMap,
    keys: new SqlKeyStore(executor, MasterKey.generate()),
  });
  const childIndex = new ChildIndex(executor, randomBytes(32));
  await childIndex.migrate();
  await seedDemo({ store, childIndex, now: new Date('2026-11-20T10:00:00+07:00'), cases: 30 });
  const [count] = await executor.query<{ events: number }>(
    'select count(*)::int as events from chungtay.events',
  );
  logSize = count?.events ?? 0;
  // What the services' own folds say, read in global order: the replay must find the same. The log shows a
  // commit once every older transaction in the cluster has ended, so read until it shows every event.
  const folds = await waitFor(
    async () => {
      const read = new CaseFolds();
      return (await readLog(store, (event) => read.add(event))) === logSize ? read : undefined;
    },
    { what: 'the whole demo in the log' },
  );
  byStatus = {};
  for (const { state } of folds.cases.values()) {
    const status = state.caseState.status;
    if (status !== 'NONE') byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
}, 120_000);
afterAll(async () => {
  await store.close();
  await database.drop();
});

/** A replay of the whole demo: a plan pins the log as readAll shows it, which a transaction elsewhere in the
 * cluster can hold back for a moment. */
const replayWhole = (from: EventStore, options: Parameters<typeof replayAll>[1] = {}) =>
  waitFor(
    async () => {
      const replayed = await replayAll(from, options);
      return replayed.events === logSize ? replayed : undefined;
    },
    { what: 'a replay of the whole demo' },
  );

describe('replayAll on PostgreSQL', () => {
  it('finds what the global-order fold finds, in this thread alone', async () => {
    const replayed = await replayWhole(store, { shares: 8 });
    expect(replayed).toMatchObject({ events: logSize, byStatus, readers: [logSize] });
    expect(replayed.cases).toBe(30);
  });

  it('finds the same when reader threads read every share', async () => {
    let lastProgress = 0;
    const replayed = await replayWhole(store, {
      readers: { databaseUrl: database.url, threads: 2, readInThisThread: false },
      onProgress: (read) => {
        if (read < lastProgress) lastProgress = 0; // a new attempt
        expect(read).toBeGreaterThanOrEqual(lastProgress);
        lastProgress = read;
      },
    });
    expect(replayed).toMatchObject({ events: logSize, byStatus, cases: 30 });
    expect(replayed.readers).toHaveLength(3);
    expect(replayed.readers[0]).toBe(0);
    expect((replayed.readers[1] as number) + (replayed.readers[2] as number)).toBe(logSize);
    expect(lastProgress).toBe(logSize);
  });

  it('finds the same with this thread and a reader thread sharing the work', async () => {
    const replayed = await replayWhole(store, {
      readers: { databaseUrl: database.url, threads: 1 },
      shares: 32,
    });
    expect(replayed).toMatchObject({ events: logSize, byStatus, cases: 30 });
    expect(replayed.readers.reduce((sum, read) => sum + read, 0)).toBe(logSize);
  });

  it('fails, naming the reader thread, when a reader cannot read its share', async () => {
    const nowhere = new URL(database.url);
    nowhere.pathname = `/missing_${randomBytes(4).toString('hex')}`;
    await expect(
      replayAll(store, { readers: { databaseUrl: nowhere.toString(), threads: 1, readInThisThread: false } }),
    ).rejects.toThrow(/a replay reader thread failed: .*does not exist/);
    // The store itself is untouched.
    expect((await replayWhole(store)).events).toBe(logSize);
  });

  it('stops handing out shares at the first failure: a reader thread at work stops after its share', async () => {
    // This thread's first share fails as soon as the reader thread has finished a share of its own.
    let failFirstShare: ((error: Error) => void) | undefined;
    const failing = new Proxy(store, {
      get(target, property) {
        if (property === 'replayShare')
          return () =>
            new Promise<number>((_, reject) => {
              failFirstShare = reject;
            });
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let progress = 0;
    await expect(
      replayAll(failing, {
        readers: { databaseUrl: database.url, threads: 1 },
        shares: 64,
        onProgress: (read) => {
          progress = read;
          failFirstShare?.(new Error('disk on fire'));
        },
      }),
    ).rejects.toThrow('disk on fire');
    expect(progress).toBeGreaterThan(0);
    // Read on to the end, the thread would have read all but this thread's share.
    expect(progress).toBeLessThan(logSize / 4);
  });

  it('refuses reader settings that leave no reader, or are not a count', async () => {
    const databaseUrl = database.url;
    await expect(replayAll(store, { readers: { databaseUrl, threads: -1 } })).rejects.toThrow(
      /readers.threads/,
    );
    await expect(replayAll(store, { readers: { databaseUrl, threads: 1.5 } })).rejects.toThrow(
      /readers.threads/,
    );
    await expect(
      replayAll(store, { readers: { databaseUrl, threads: 0, readInThisThread: false } }),
    ).rejects.toThrow(/no reader threads/);
  });
});
