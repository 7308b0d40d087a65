import { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor } from './executor.ts';

const STREAM_BATCH = 1_000;

/**
 * The embedded default: PGlite (PostgreSQL compiled to WebAssembly) in this process, in memory or in a
 * data directory. The same SQL as the server adapter; PGlite runs one statement at a time.
 */
export async function pgliteExecutor(dataDir?: string): Promise<SqlExecutor & { readonly db: PGlite }> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    db,
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async queryTuples<Tuple extends readonly unknown[]>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Tuple>(text, params as unknown[], { rowMode: 'array' });
      return result.rows;
    },
    async streamTuples<Tuple extends readonly unknown[]>(
      text: string,
      params: readonly unknown[],
      onRow: (row: Tuple) => void,
      settings: Readonly<Record<string, string>> = {},
    ) {
      // PGlite returns whole results: a cursor fetched in batches keeps one batch in memory at a time.
      return db.transaction(async (tx) => {
        await tx.query('set transaction read only');
        for (const [name, value] of Object.entries(settings))
          await tx.query('select set_config($1, $2, true)', [name, value]);
        await tx.query(`declare chungtay_stream no scroll cursor for ${text}`, params as unknown[]);
        let rows = 0;
        for (;;) {
          const batch = await tx.query<Tuple>(`fetch forward ${STREAM_BATCH} from chungtay_stream`, [], {
            rowMode: 'array',
          });
          if (batch.rows.length === 0) break;
          for (const row of batch.rows) onRow(row);
          rows += batch.rows.length;
        }
        await tx.query('close chungtay_stream');
        return rows;
      });
    },
    async notifyAppended() {
      await db.query(`select pg_notify('chungtay_events', '')`);
    },
    async exec(script) {
      await db.exec(script);
    },
    async listenForAppends(onAppend) {
      const unlisten = await db.listen('chungtay_events', onAppend);
      return async () => {
        await unlisten();
      };
    },
    async close() {
      await db.close();
    },
  };
}
