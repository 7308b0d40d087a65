import { randomUUID } from 'node:crypto';
import { newEventId, type RecordedEvent, resilientPool } from '@chungtay/event-store';
import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  waitFor,
} from '@chungtay/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplierStopped, ExactlyOnceApplier, postgresDatabase } from '../src/index.ts';

// Issue 17, item 1: an unavailable database is waited out, never a dead letter; the event is applied once
// the database is back. A TCP proxy in front of the real PostgreSQL stands for the server going away.
let database: TestDatabase;
let proxy: TcpProxy;
let pool: pg.Pool;
const deadLetters: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('messaging_outage');
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url).port || 5432) });
  pool = resilientPool({ connectionString: proxy.via(database.url), max: 4 });
  await pool.query('create schema rm; create table rm.seen (event_id text primary key)');
});
afterAll(async () => {
  await pool?.end();
  await proxy?.close();
  await database?.drop();
});

let sequence = 0;
const recorded = (): RecordedEvent => ({
  id: newEventId(),
  type: 'InvestigationOpened',
  schemaVersion: 1,
  data: { investigationId: randomUUID(), openedAt: '2026-03-02T09:00:00+07:00', unit: 'CA' },
  metadata: {
    actor: { userId: 'u', agency: 'police', role: 'police_investigator' },
    correlationId: randomUUID(),
    occurredAt: '2026-03-02T09:00:00+07:00',
  },
  streamId: `case-${randomUUID()}`,
  revision: 0,
  position: { commit: BigInt(++sequence), prepare: BigInt(sequence) },
  recordedAt: new Date(),
  previousHash: '',
  hash: 'h',
});

async function applier(): Promise<ExactlyOnceApplier> {
  const made = new ExactlyOnceApplier({
    db: postgresDatabase(pool),
    name: `outage-${randomUUID().slice(0, 8)}`,
    schema: 'rm',
    handle: async (event, tx) => {
      await tx.query('insert into rm.seen values ($1)', [event.recorded.id]);
    },
    deadLetter: async (event, _raw, reason) => {
      deadLetters.push(`${event?.id}: ${reason}`);
    },
  });
  await made.migrate();
  return made;
}

const seen = async (id: string) =>
  (await pool.query('select 1 from rm.seen where event_id = $1', [id])).rowCount === 1;

describe('a database outage while events are applied', () => {
  it('one event: waited out with back-off, applied once the database is back, no dead letter', async () => {
    const consumer = await applier();
    const event = recorded();
    await proxy.cut();
    const applying = consumer.apply(event, null);
    await waitFor(() => (consumer.outageRetries >= 3 ? true : undefined), { what: 'retries' });
    await proxy.restore();
    expect(await applying).toBe('applied');
    expect(await seen(event.id)).toBe(true);
    expect(consumer.metrics).toMatchObject({ applied: 1, deadLettered: 0 });
    expect(await consumer.staleStreams()).toEqual([]);
    expect(deadLetters).toEqual([]);
  });

  it('a batch: the whole batch is tried again, not dead-lettered event by event', async () => {
    const consumer = await applier();
    const events = [recorded(), recorded(), recorded()];
    await proxy.cut();
    const applying = consumer.applyBatch(events.map((event) => ({ recorded: event, raw: null })));
    await waitFor(() => (consumer.outageRetries >= 3 ? true : undefined), { what: 'retries' });
    await proxy.restore();
    await applying;
    for (const event of events) expect(await seen(event.id)).toBe(true);
    expect(consumer.metrics).toMatchObject({ applied: 3, deadLettered: 0 });
    expect(deadLetters).toEqual([]);
  });

  it('stopped during the outage: gives up without applying or dead-lettering (the event is redelivered)', async () => {
    const consumer = await applier();
    const event = recorded();
    await proxy.cut();
    const applying = consumer.apply(event, null);
    await waitFor(() => (consumer.outageRetries >= 1 ? true : undefined), { what: 'a retry' });
    consumer.stop();
    await expect(applying).rejects.toBeInstanceOf(ApplierStopped);
    await proxy.restore();
    expect(await seen(event.id)).toBe(false);
    expect(deadLetters).toEqual([]);
  });

  it('an event that is itself invalid is still dead-lettered', async () => {
    const consumer = await applier();
    const broken = { ...recorded(), data: { investigationId: 'not-a-uuid' } };
    expect(await consumer.apply(broken, null)).toBe('dead-lettered');
    expect(deadLetters).toHaveLength(1);
    deadLetters.length = 0;
  });
});
