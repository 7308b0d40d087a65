import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/index.ts';

describe('PostgreSQL (real server)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('smoke');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('runs in a database of its own, with the features the event store relies on', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; version: number; xid: string }>(
        `select current_database() as db, current_setting('server_version_num')::int as version,
                pg_current_xact_id()::text as xid`,
      );
      expect(rows[0]?.db).toBe(database.name);
      // xid8 and pg_snapshot functions arrived in PostgreSQL 13.
      expect(rows[0]?.version).toBeGreaterThanOrEqual(130000);
      expect(BigInt(rows[0]?.xid ?? '0')).toBeGreaterThan(0n);
    } finally {
      await client.end();
    }
  });

  it('drops the database it created', async () => {
    const other = await createTestDatabase('smoke_drop');
    await other.drop();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [other.name]);
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
