import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { createTestDatabase, type TestDatabase, waitFor } from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase('cli_audit');
  folder = await mkdtemp(join(tmpdir(), 'chungtay-audit-'));
  const store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }));
  for (let c = 0; c < 3; c++)
    await store.appendToStream(
      `case-${randomUUID()}`,
      [0, 1].map((n) => ({
        id: newEventId(),
        type: 'MonitoringVisitRecorded',
        schemaVersion: 1,
        data: { n, notes: `Lần thăm ${n}` },
        metadata: {
          actor: { userId: 'officer-1', agency: 'commune' as const, role: 'commune_officer' },
          correlationId: randomUUID(),
          occurredAt: new Date().toISOString(),
        },
      })),
      'no_stream',
    );
  await store.close();
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await database?.drop();
});

describe('chungtay replay on PostgreSQL', () => {
  it('replays every event with a reader thread beside this one, and names a bad --readers', async () => {
    // The log shows a commit once every older transaction in the cluster has ended.
    const replayed = await waitFor(
      async () => {
        const io = capture();
        expect(
          await run(['replay', '--database-url', database.url, '--readers', '1', '--json'], io, folder),
        ).toBe(0);
        const answer = JSON.parse(io.stdout) as { events: number; readers: number[] };
        return answer.events === 6 ? answer : undefined;
      },
      { what: 'a replay of the six events' },
    );
    expect(replayed.readers).toHaveLength(2);
    expect(replayed.readers.reduce((sum, read) => sum + read, 0)).toBe(6);
    const io = capture();
    expect(await run(['replay', '--database-url', database.url, '--readers', 'many'], io, folder)).toBe(2);
    expect(io.stderr).toContain('--readers is a number of reader threads');
  });
});

describe('chungtay checkpoint and verify', () => {
  it('signs a checkpoint with a new auditor key, verifies the log against it, and fails (exit 1) once the log is altered', async () => {
    const key = join(folder, 'auditor.pem');
    const checkpoint = join(folder, 'checkpoint.json');
    const db = ['--database-url', database.url];
    let io = capture();
    let code = 1;
    for (let attempt = 0; attempt < 100; attempt++) {
      io = capture();
      code = await run(
        [
          'checkpoint',
          '--key',
          key,
          ...(attempt === 0 ? ['--new-key'] : []),
          '--out',
          checkpoint,
          ...db,
          '--json',
        ],
        io,
        folder,
      );
      // The global log shows commits once older transactions in the cluster have ended.
      if (JSON.parse(io.stdout).size === 6) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(checkpoint, 'utf8'))).toMatchObject({ size: 6 });
    expect((await stat(key)).mode & 0o777).toBe(0o600);

    io = capture();
    expect(
      await run(['verify', '--checkpoint', checkpoint, '--public-key', `${key}.pub`, ...db], io, folder),
    ).toBe(0);
    expect(io.stdout).toMatch(/^OK: the log holds the 6 events/);

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('alter table chungtay.events disable trigger user');
    await admin.query(
      `update chungtay.events set data = replace(data, 'Lần thăm 1', 'đã sửa') where stream_revision = 1`,
    );
    await admin.query('alter table chungtay.events enable trigger user');
    await admin.end();
    io = capture();
    expect(
      await run(
        ['verify', '--checkpoint', checkpoint, '--public-key', `${key}.pub`, ...db, '--json'],
        io,
        folder,
      ),
    ).toBe(1);
    expect(JSON.parse(io.stdout)).toMatchObject({ ok: false, reason: 'altered' });
  });

  it('usage mistakes exit 2 and say what is missing', async () => {
    let io = capture();
    expect(await run(['verify', '--checkpoint', 'x.json'], io, folder)).toBe(2);
    expect(io.stderr).toContain('--public-key');
    io = capture();
    expect(await run(['checkpoint'], io, folder)).toBe(2);
    expect(io.stderr).toContain('--key is required');
    io = capture();
    expect(
      await run(['verify', '--checkpoint', join(folder, 'missing.json'), '--public-key', 'k'], io, folder),
    ).toBe(2);
    expect(io.stderr).toContain('cannot read the checkpoint');
    io = capture();
    expect(await run(['checkpoint', '--key', join(folder, 'auditor.pem'), '--new-key'], io, folder)).toBe(2);
    expect(io.stderr).toContain('exists already');
    io = capture();
    expect(await run(['verify', '--nonsense'], io, folder)).toBe(2);
  });
});
