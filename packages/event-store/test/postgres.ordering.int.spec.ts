import { createTestDatabase, type TestDatabase, waitFor } from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresExecutor, type RecordedEvent, SqlEventStore, START } from '../src/index.ts';
import { events } from './fixtures.ts';

// The gap problem: identity values are taken at insert, not at commit, so a reader that follows "position >
// checkpoint" skips an event whose transaction commits after a later one. Here 16 writers hold their
// transactions open for a random while after appending (some roll back), on streams they share, while a
// live subscriber reads. Every committed event must arrive exactly once, each stream in revision order.
describe('gap-free global order on PostgreSQL under concurrent, late-committing writers', () => {
  let database: TestDatabase;
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('store_ordering');
    store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }), {
      idlePollMs: 20,
    });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('delivers every committed event exactly once, never a rolled-back one, each stream in order', async () => {
    const writers = 16;
    const appendsPerWriter = 25;
    const streams = Array.from({ length: 6 }, (_, n) => `case-ordering${n}`);
    const committed = new Map<string, string>();
    const rolledBack = new Set<string>();

    const seen: RecordedEvent[] = [];
    let writersDone = false;
    const subscription = store.subscribeToAll({ after: START });
    const reading = (async () => {
      for await (const event of subscription) {
        seen.push(event);
        if (writersDone && seen.length >= committed.size) break;
      }
    })();

    const writer = async (index: number) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (let n = 0; n < appendsPerWriter; n++) {
          const stream = streams[(index + n) % streams.length] as string;
          const batch = events(1 + (n % 3));
          await client.query('begin');
          await client.query(
            'select * from chungtay.append($1, -1, $2::uuid[], $3::text[], $4::integer[], $5::text[], $6::text[])',
            [
              stream,
              batch.map((e) => e.id),
              batch.map((e) => e.type),
              batch.map((e) => e.schemaVersion),
              batch.map((e) => JSON.stringify(e.data)),
              batch.map((e) => JSON.stringify(e.metadata)),
            ],
          );
          await client.query('select pg_sleep($1)', [Math.random() * 0.03]);
          if (Math.random() < 0.1) {
            await client.query('rollback');
            for (const e of batch) rolledBack.add(e.id);
          } else {
            await client.query('commit');
            for (const e of batch) committed.set(e.id, stream);
          }
        }
      } finally {
        await client.end();
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
    writersDone = true;

    await waitFor(() => (seen.length >= committed.size ? true : undefined), {
      timeoutMs: 30_000,
      what: `${committed.size} committed events`,
    });
    await subscription.stop();
    await reading;

    expect(committed.size).toBeGreaterThan(writers * appendsPerWriter);
    expect(rolledBack.size).toBeGreaterThan(0);
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => rolledBack.has(id))).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(committed.keys()));
    for (const stream of streams) {
      const revisions = seen.filter((e) => e.streamId === stream).map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, index) => index));
    }
    // The log read afterwards agrees with what the live subscriber saw, in the same order.
    const log = await store.readAll({ after: START, maxCount: 100_000 });
    expect(log.map((e) => e.id)).toEqual(ids);
  });
});
