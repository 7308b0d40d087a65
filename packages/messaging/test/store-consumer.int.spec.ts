import { randomUUID } from 'node:crypto';
import { newEventId, pgliteExecutor, SqlEventStore } from '@chungtay/event-store';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandledEvent, pgliteDatabase, SimulatedCrash, StoreConsumer } from '../src/index.ts';

let store: SqlEventStore;
let db: PGlite;

beforeAll(async () => {
  const executor = await pgliteExecutor();
  db = executor.db;
  store = await SqlEventStore.open(executor, { idlePollMs: 20 });
  await db.exec(
    'create schema if not exists embedded_rm; create table embedded_rm.timeline (stream_id text primary key, types text[] not null)',
  );
});
afterAll(async () => {
  await store?.close();
});

const event = (investigationId: string, first: boolean) => ({
  id: newEventId(),
  type: first ? 'InvestigationOpened' : 'StatementRecorded',
  schemaVersion: 1,
  data: first
    ? { investigationId, openedAt: '2026-03-02T09:00:00+07:00', unit: 'CA' }
    : {
        investigationId,
        childId: randomUUID(),
        statementId: randomUUID(),
        recordedAt: '2026-03-02T10:00:00+07:00',
        from: 'WITNESS',
        summary: 'x',
      },
  metadata: {
    actor: { userId: 'u', agency: 'police' as const, role: 'police_investigator' },
    correlationId: randomUUID(),
    occurredAt: '2026-03-02T09:00:00+07:00',
  },
});

const consumer = (faults = {}) =>
  new StoreConsumer({
    store,
    name: 'embedded-timeline',
    db: pgliteDatabase(db),
    schema: 'embedded_rm',
    faults,
    handle: async (handled: HandledEvent, tx) => {
      await tx.query(
        `insert into embedded_rm.timeline (stream_id, types) values ($1, array[$2])
         on conflict (stream_id) do update set types = embedded_rm.timeline.types || excluded.types`,
        [handled.recorded.streamId, handled.type],
      );
    },
  });

describe('the embedded transport (store subscription, PGlite read model)', () => {
  it('applies every event once, and after a crash a restart resumes without loss or double effect', async () => {
    const streams = Array.from({ length: 8 }, () => `case-${randomUUID()}`);
    for (const stream of streams) {
      const investigation = randomUUID();
      for (let n = 0; n < 4; n++)
        await store.appendToStream(stream, [event(investigation, n === 0)], n === 0 ? 'no_stream' : n - 1);
    }
    let applied = 0;
    const crashing = consumer({
      afterCommit: () => {
        if (++applied === 13) throw new SimulatedCrash('process died after commit');
      },
    });
    await crashing.start().catch(() => undefined);
    await crashing.done.catch(() => undefined);
    const partial = await db.query<{ n: number }>(
      'select sum(cardinality(types))::int as n from embedded_rm.timeline',
    );
    expect(partial.rows[0]?.n).toBe(13);

    const restarted = consumer();
    await restarted.start();
    const { rows } = await db.query<{ stream_id: string; types: string[] }>(
      'select stream_id, types from embedded_rm.timeline',
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.types).toEqual([
        'InvestigationOpened',
        'StatementRecorded',
        'StatementRecorded',
        'StatementRecorded',
      ]);
    }
    // The event that crashed after its commit came again, and was recognised as applied.
    expect(restarted.metrics.duplicates).toBe(1);
    await restarted.stop();
  });
});
