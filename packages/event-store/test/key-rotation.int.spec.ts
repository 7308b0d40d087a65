import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MasterKey,
  migrate,
  postgresExecutor,
  rewrapSubjectKeys,
  type SqlExecutor,
  SqlKeyStore,
  UnknownMasterKeyError,
} from '../src/index.ts';

let database: TestDatabase;
let executor: SqlExecutor;

beforeAll(async () => {
  database = await createTestDatabase('key_rotation');
  executor = postgresExecutor({ connectionString: database.url, maxConnections: 4 });
  await migrate(executor);
});
afterAll(async () => {
  await executor?.close();
  await database?.drop();
});

describe('rotating the master key', () => {
  it('reads keys under a previous master key, re-wraps them all, and then needs only the new key', async () => {
    const old = MasterKey.generate();
    const next = MasterKey.generate();
    const subjects = Array.from({ length: 25 }, () => randomUUID());
    const before = new SqlKeyStore(executor, old, 0);
    const dataKeys = new Map<string, Buffer>();
    for (const subject of subjects) dataKeys.set(subject, await before.keyForWriting(subject));
    const erased = subjects[0] as string;
    await before.erase(erased, 'request of the data subject');

    // The new key alone cannot open what the old one wrapped: it says so, naming the key id only.
    const newOnly = new SqlKeyStore(executor, next, 0);
    await expect(newOnly.keyForReading(subjects[1] as string)).rejects.toBeInstanceOf(UnknownMasterKeyError);

    // Step 1: services run with the new key and the old as previous: they read old keys, write new ones.
    const during = new SqlKeyStore(executor, next, 0, [old]);
    for (const subject of subjects.slice(1))
      expect(await during.keyForReading(subject)).toEqual({ state: 'active', key: dataKeys.get(subject) });
    const newcomer = randomUUID();
    const newcomerKey = await during.keyForWriting(newcomer);
    const [wrappedBy] = await executor.query<{ master_key_id: string }>(
      'select master_key_id from chungtay.subject_keys where subject_id = $1',
      [newcomer],
    );
    expect(wrappedBy?.master_key_id).toBe(next.id);

    // Step 2: re-wrap; the erased subject has no key to re-wrap and stays erased.
    const progress: number[] = [];
    const rewrapped = await rewrapSubjectKeys(executor, next, [old], {
      batchSize: 10,
      onProgress: (count) => progress.push(count),
    });
    expect(rewrapped).toBe(24);
    expect(progress).toEqual([10, 20, 24]);
    expect(await rewrapSubjectKeys(executor, next, [old])).toBe(0);

    // Step 3: the old key is gone from the configuration; everything still reads the same.
    const after = new SqlKeyStore(executor, next, 0);
    for (const subject of subjects.slice(1))
      expect(await after.keyForReading(subject)).toEqual({ state: 'active', key: dataKeys.get(subject) });
    expect(await after.keyForReading(newcomer)).toEqual({ state: 'active', key: newcomerKey });
    expect(await after.keyForReading(erased)).toEqual({ state: 'erased' });
    const remaining = await executor.query<{ count: string }>(
      'select count(*)::text as count from chungtay.subject_keys where master_key_id <> $1 and wrapped_key is not null',
      [next.id],
    );
    expect(remaining[0]?.count).toBe('0');
  });

  it('refuses to re-wrap a key whose master key it was not given, changing nothing', async () => {
    const unknown = MasterKey.generate();
    const next = MasterKey.generate();
    const subject = randomUUID();
    await new SqlKeyStore(executor, unknown, 0).keyForWriting(subject);
    await expect(rewrapSubjectKeys(executor, next, [])).rejects.toBeInstanceOf(UnknownMasterKeyError);
    const [row] = await executor.query<{ master_key_id: string }>(
      'select master_key_id from chungtay.subject_keys where subject_id = $1',
      [subject],
    );
    expect(row?.master_key_id).toBe(unknown.id);
  });
});

describe('an erasure heard from elsewhere', () => {
  it('reads the subject as erased at once, though its key is not destroyed yet and a read of it was in flight', async () => {
    const master = MasterKey.generate();
    const writer = new SqlKeyStore(executor, master);
    const subject = randomUUID();
    await writer.keyForWriting(subject);
    const reader = new SqlKeyStore(executor, master);
    const inFlight = reader.keyForReading(subject);
    // The erasure is recorded first and its key destroyed after: told of it in between, this process
    // does not bring the key back, neither from the read in flight nor from a new one.
    reader.evict(subject);
    expect((await inFlight).state).toBe('erased');
    expect((await reader.keyForReading(subject)).state).toBe('erased');
    // Another process not yet told still reads it until it is destroyed (the store's cache bound).
    expect((await new SqlKeyStore(executor, master).keyForReading(subject)).state).toBe('active');
  });
});
