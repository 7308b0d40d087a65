import { createTestDatabase, postgresAdminUrl, type TestDatabase, waitFor } from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInfrastructureError, resilientPool } from '../src/index.ts';

// Issue 17, item 1: a server restart ends every connection with 57P01 ("terminating connection due to
// administrator command"). A client checked out of the pool and idle between two queries then emits
// 'error'; without a listener that ends the process (the relay and five services died so in the probe).
let database: TestDatabase;
let admin: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase('resilient_pool');
  admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

describe('a pool that survives the server ending its connections', () => {
  it('a checked-out client ended by the server is reported, discarded on release, and the pool serves on', async () => {
    const failures: Error[] = [];
    const told = new Set<pg.PoolClient>();
    const pool = resilientPool({ connectionString: database.url, max: 2 }, (error, client) => {
      failures.push(error);
      told.add(client);
    });
    try {
      const held = await pool.connect();
      const idle = await pool.connect();
      idle.release(); // one idle in the pool, one checked out and idle between queries
      const { rows } = await held.query<{ pid: number }>('select pg_backend_pid() as pid');
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database.name],
      );
      await waitFor(() => (told.has(held) && told.has(idle) ? true : undefined), {
        what: 'both clients told',
      });
      expect(failures.every(isInfrastructureError)).toBe(true);
      expect(failures.map((error) => (error as { code?: string }).code)).toContain('57P01');
      held.release();
      // The next query connects again, to a new backend.
      const again = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(again.rows[0]?.pid).not.toBe(rows[0]?.pid);
    } finally {
      await pool.end();
    }
  });
});
