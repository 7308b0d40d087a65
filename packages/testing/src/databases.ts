import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresAdminUrl } from './infrastructure.ts';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file; `drop()` removes it, whatever connections remain. */
export async function createTestDatabase(prefix = 'chungtay_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      try {
        // A pool's end() resolves before its clients' sockets close: give them a moment to leave on their own,
        // so FORCE does not terminate a client mid-goodbye (an unhandled 57P01 in the test process).
        for (let waited = 0; waited < 2_000; waited += 50) {
          const { rows } = await client.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (Number(rows[0]?.n) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
