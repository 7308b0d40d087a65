import { randomUUID } from 'node:crypto';
import { indexSecretFrom } from '@chungtay/case';
import { MasterKey, migrate, postgresExecutor, type SqlExecutor, SqlKeyStore } from '@chungtay/event-store';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { indexSecretCommand, rotateMasterKeyCommand } from '../src/key-commands.ts';
import { capture } from './capture.ts';

let database: TestDatabase;
let executor: SqlExecutor;

beforeAll(async () => {
  database = await createTestDatabase('cli_keys');
  executor = postgresExecutor({ connectionString: database.url, maxConnections: 2 });
  await migrate(executor);
});
afterAll(async () => {
  await executor?.close();
  await database?.drop();
});

describe('chungtay rotate-master-key and index-secret', () => {
  it('re-wraps every subject key under the new master key, reading keys from the environment only', async () => {
    const old = MasterKey.generate();
    const next = MasterKey.generate();
    const subjects = Array.from({ length: 7 }, () => randomUUID());
    const keys = new Map<string, Buffer>();
    for (const subject of subjects)
      keys.set(subject, await new SqlKeyStore(executor, old, 0).keyForWriting(subject));
    const env = {
      CHUNGTAY_MASTER_KEY: next.toBase64(),
      CHUNGTAY_PREVIOUS_MASTER_KEYS: old.toBase64(),
      CHUNGTAY_INDEX_SECRET: indexSecretFrom(old).toString('base64'),
    };
    const io = capture();
    expect(await rotateMasterKeyCommand(['--database-url', database.url, '--json'], io, env)).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ rewrapped: 7, masterKeyId: next.id });
    for (const subject of subjects)
      expect(await new SqlKeyStore(executor, next, 0).keyForReading(subject)).toEqual({
        state: 'active',
        key: keys.get(subject),
      });
    // The output names key ids, never a key.
    expect(io.stdout + io.stderr).not.toContain(next.toBase64());
  });

  it('refuses, changing nothing, without the previous keys or with the child-index secret not pinned', async () => {
    const old = MasterKey.generate();
    const subject = randomUUID();
    await new SqlKeyStore(executor, old, 0).keyForWriting(subject);
    const next = MasterKey.generate().toBase64();
    const attempts: Array<[Record<string, string>, string]> = [
      [{ CHUNGTAY_MASTER_KEY: next, CHUNGTAY_INDEX_SECRET: 'x' }, 'CHUNGTAY_PREVIOUS_MASTER_KEYS'],
      [{ CHUNGTAY_MASTER_KEY: next, CHUNGTAY_PREVIOUS_MASTER_KEYS: old.toBase64() }, 'CHUNGTAY_INDEX_SECRET'],
      [
        { CHUNGTAY_MASTER_KEY: 'bm90LWEta2V5', CHUNGTAY_PREVIOUS_MASTER_KEYS: old.toBase64() },
        'CHUNGTAY_MASTER_KEY',
      ],
    ];
    for (const [env, named] of attempts) {
      const io = capture();
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        expect(await run(['rotate-master-key', '--database-url', database.url], io, '.chungtay')).toBe(2);
      } finally {
        for (const variable of Object.keys(env)) delete process.env[variable];
        Object.assign(process.env, saved);
      }
      expect(io.stderr).toContain(named);
      expect(io.stderr).not.toContain(old.toBase64());
    }
    const [row] = await executor.query<{ master_key_id: string }>(
      'select master_key_id from chungtay.subject_keys where subject_id = $1',
      [subject],
    );
    expect(row?.master_key_id).toBe(old.id);
  });

  it('prints the child-index secret the case service derives from the master key', async () => {
    const key = MasterKey.generate();
    const io = capture();
    expect(await indexSecretCommand([], io, { CHUNGTAY_MASTER_KEY: key.toBase64() })).toBe(0);
    expect(io.stdout.trim()).toBe(indexSecretFrom(key).toString('base64'));
  });
});
