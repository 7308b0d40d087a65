import pg from 'pg';
import type { SqlExecutor } from './executor.ts';

export interface PostgresExecutorOptions {
  readonly connectionString: string;
  /** Pool size; appends hold a connection for one round trip. */
  readonly maxConnections?: number;
}

export function postgresExecutor({
  connectionString,
  maxConnections = 20,
}: PostgresExecutorOptions): SqlExecutor {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle client's error (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const listeners = new Set<() => void>();
  let listener: pg.Client | undefined;
  let connecting: Promise<void> | undefined;

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({ connectionString });
    client.on('notification', () => {
      for (const onAppend of listeners) onAppend();
    });
    client.on('error', () => {
      // Lost the LISTEN connection: wake everyone (they re-read) and reconnect on next use.
      listener = undefined;
      for (const onAppend of listeners) onAppend();
    });
    await client.connect();
    await client.query('listen chungtay_events');
    listener = client;
  };

  return {
    async query<Row>(text: string, params: readonly unknown[] = [], name?: string) {
      const result = await pool.query(
        name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] },
      );
      return result.rows as Row[];
    },
    async queryTuples<Tuple extends readonly unknown[]>(
      text: string,
      params: readonly unknown[] = [],
      name?: string,
    ) {
      const result = await pool.query({
        ...(name ? { name } : {}),
        text,
        values: params as unknown[],
        rowMode: 'array',
      });
      return result.rows as unknown as Tuple[];
    },
    async notifyAppended() {
      await pool.query(`select pg_notify('chungtay_events', '')`);
    },
    async exec(script) {
      await pool.query(script);
    },
    async listenForAppends(onAppend) {
      listeners.add(onAppend);
      if (!listener) {
        connecting ??= connectListener().finally(() => {
          connecting = undefined;
        });
        await connecting;
      }
      return async () => {
        listeners.delete(onAppend);
        if (listeners.size === 0 && listener) {
          const client = listener;
          listener = undefined;
          await client.end().catch(() => undefined);
        }
      };
    },
    async close() {
      listeners.clear();
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
