import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** What a read model handler may do inside the transaction that also records its position. */
export interface Transaction {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

/** A read model's database: PostgreSQL in production, PGlite in the embedded default. */
export interface ReadModelDatabase extends Transaction {
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
}

export function postgresDatabase(pool: pg.Pool): ReadModelDatabase {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await pool.query(text, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          async query<Row>(text: string, params: readonly unknown[] = []) {
            const rows = await client.query(text, params as unknown[]);
            return { rows: rows.rows as Row[] };
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

export function pgliteDatabase(db: PGlite): ReadModelDatabase {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return { rows: result.rows };
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          async query<Row>(text: string, params: readonly unknown[] = []) {
            const result = await tx.query<Row>(text, params as unknown[]);
            return { rows: result.rows };
          },
        }),
      ),
  };
}
