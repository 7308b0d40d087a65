import { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor } from './executor.ts';

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
