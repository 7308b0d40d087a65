import { randomUUID } from 'node:crypto';
import { chainHash, newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditorKey,
  checkpointsConsistent,
  createCheckpoint,
  eventLeaf,
  proveInclusion,
  verifyInclusion,
  verifyLog,
} from '../src/index.ts';

let database: TestDatabase;
let store: SqlEventStore;
let admin: pg.Pool;
const key = AuditorKey.generate();

const event = (n: number) => ({
  id: newEventId(),
  type: 'MonitoringVisitRecorded',
  schemaVersion: 1,
  data: { n, notes: `Lần thăm ${n}` },
  metadata: {
    actor: { userId: 'officer-1', agency: 'commune' as const, role: 'commune_officer' },
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
  },
});

async function appendCases(cases: number, each: number): Promise<string[]> {
  const streams: string[] = [];
  for (let c = 0; c < cases; c++) {
    const stream = `case-${randomUUID()}`;
    streams.push(stream);
    await store.appendToStream(
      stream,
      Array.from({ length: each }, (_, n) => event(n)),
      'no_stream',
    );
  }
  return streams;
}

async function settled(size: number) {
  // The global log shows a commit once every older transaction in the cluster has ended.
  for (let attempt = 0; attempt < 200; attempt++) {
    const checkpoint = await createCheckpoint(store, key);
    if (checkpoint.size >= size) return checkpoint;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the log did not settle');
}

beforeAll(async () => {
  database = await createTestDatabase('audit_checkpoints');
  store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }));
  admin = new pg.Pool({ connectionString: database.url, max: 1 });
});
afterAll(async () => {
  await admin?.end();
  await store?.close();
  await database?.drop();
});

describe('signed checkpoints over the global log', () => {
  it('a checkpoint verifies, and a later one provably extends it; any event proves its inclusion', async () => {
    await appendCases(5, 4);
    const first = await settled(20);
    expect(first.size).toBe(20);
    expect(key.verifies(first)).toBe(true);
    await appendCases(3, 3);
    const second = await settled(29);
    const verdict = await verifyLog(store, first, key);
    expect(verdict).toMatchObject({ ok: true, size: 29, checkpointSize: 20 });
    if (!verdict.ok) throw new Error('unreachable');
    expect(checkpointsConsistent(first, second, verdict.consistency, key)).toBe(true);
    // Someone else's key, or a forged root, does not pass.
    expect(checkpointsConsistent(first, second, verdict.consistency, AuditorKey.generate())).toBe(false);
    expect(checkpointsConsistent(first, { ...second, root: first.root }, verdict.consistency, key)).toBe(
      false,
    );

    const [someEvent] = await store.readAll({ maxCount: 7 }).then((events) => events.slice(6));
    const inclusion = await proveInclusion(store, first, someEvent?.id ?? '');
    expect(inclusion?.index).toBe(6);
    expect(
      verifyInclusion(
        eventLeaf(someEvent as { id: string; hash: string }),
        inclusion?.index ?? -1,
        first.size,
        (inclusion?.proof ?? []).map((hash) => Buffer.from(hash, 'hex')),
        Buffer.from(first.root, 'hex'),
      ),
    ).toBe(true);
  });

  it('keys travel as PEM: the public half verifies, and cannot sign', () => {
    const publicOnly = AuditorKey.fromPublicPem(key.publicPem());
    const checkpoint = key.sign({
      size: 0,
      position: '0/0',
      root: '0'.repeat(64),
      createdAt: new Date().toISOString(),
    });
    expect(publicOnly.verifies(checkpoint)).toBe(true);
    expect(AuditorKey.fromPrivatePem(key.privatePem()).keyId).toBe(key.keyId);
    expect(() =>
      publicOnly.sign({ size: 0, position: '0/0', root: '0'.repeat(64), createdAt: '' }),
    ).toThrow();
    expect(key.verifies({ ...checkpoint, size: 1 })).toBe(false);
  });

  it('an edited event, a history rewritten with fresh hashes, and a truncated log are each reported', async () => {
    const [stream] = await appendCases(1, 3);
    const checkpoint = await settled((await createCheckpoint(store, key)).size);
    expect((await verifyLog(store, checkpoint, key)).ok).toBe(true);
    // The table is append-only by trigger; only the database owner, disabling the triggers, can change it.
    const tamper = async (sql: string, params: unknown[]) => {
      const client = await admin.connect();
      try {
        await client.query('begin');
        await client.query('alter table chungtay.events disable trigger user');
        await client.query(sql, params);
        await client.query('alter table chungtay.events enable trigger user');
        await client.query('commit');
      } finally {
        client.release();
      }
    };
    await tamper(
      `update chungtay.events set data = replace(data, 'Lần thăm 1', 'sửa') where stream_id = $1 and stream_revision = 1`,
      [stream],
    );
    expect(await verifyLog(store, checkpoint, key)).toMatchObject({ ok: false, reason: 'altered' });
    await tamper(
      `update chungtay.events set data = replace(data, 'sửa', 'Lần thăm 1') where stream_id = $1 and stream_revision = 1`,
      [stream],
    );
    expect((await verifyLog(store, checkpoint, key)).ok).toBe(true);
    // Rewritten with its hash recomputed, so the stream's chain holds: only the signed root catches it.
    const { rows } = await admin.query<{
      event_id: string;
      event_type: string;
      schema_version: number;
      recorded_ms: string;
      data: string;
      metadata: string;
      previous: string;
    }>(
      `select event_id::text, event_type, schema_version, (extract(epoch from recorded_at) * 1000)::bigint::text as recorded_ms,
              data, metadata, encode(previous_hash, 'hex') as previous
         from chungtay.events where stream_id = $1 and stream_revision = 2`,
      [stream],
    );
    const row = rows[0];
    if (!row) throw new Error('no event to rewrite');
    const data = row.data.replace('Lần thăm 2', 'đã sửa');
    const hash = chainHash(row.previous, {
      streamId: stream as string,
      revision: 2,
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      recordedAtMs: Number(row.recorded_ms),
      dataText: data,
      metadataText: row.metadata,
    });
    await tamper(
      `update chungtay.events set data = $2, hash = decode($3, 'hex') where stream_id = $1 and stream_revision = 2`,
      [stream, data, hash],
    );
    expect((await store.verifyStream(stream as string)).ok).toBe(true);
    expect(await verifyLog(store, checkpoint, key)).toMatchObject({ ok: false, reason: 'rewritten' });
    await tamper(`delete from chungtay.events where stream_id = $1 and stream_revision = 2`, [stream]);
    expect(await verifyLog(store, checkpoint, key)).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
