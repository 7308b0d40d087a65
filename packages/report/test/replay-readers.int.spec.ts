import { randomBytes } from 'node:crypto';
import { ChildIndex } from '@chungtay/case';
import { personalDataMap } from '@chungtay/contracts';
import { seedDemo } from '@chungtay/demo';
import {
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
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
  // What the services' own folds say, read in global order: the replay must find the same.
  const folds = new CaseFolds();
  logSize = await readLog(store, (event) => folds.add(event));
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

describe('replayAll on PostgreSQL', () => {
  it('finds what the global-order fold finds, in this thread alone', async () => {
    const replayed = await replayAll(store, { shares: 8 });
    expect(replayed).toMatchObject({ events: logSize, byStatus, readers: [logSize] });
    expect(replayed.cases).toBe(30);
  });

  it('finds the same when reader threads read every share', async () => {
    let lastProgress = 0;
    const replayed = await replayAll(store, {
      readers: { databaseUrl: database.url, threads: 2, readInThisThread: false },
      onProgress: (read) => {
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
    const replayed = await replayAll(store, {
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
    expect((await replayAll(store)).events).toBe(logSize);
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
