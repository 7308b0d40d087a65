import pg from 'pg';
import type { SqlExecutor } from './executor.ts';

export interface PostgresExecutorOptions {
  readonly connectionString: string;
  /** Pool size; appends hold a connection for one round trip. */
  readonly maxConnections?: number;
}

/**
 * A pg pool that survives a database restart: an idle client's error and a checked-out client's error are
 * both handled (a client that failed is not queryable, so the pool discards it on release), and the next
 * query connects again. Without the second listener, a server shutdown while a client is checked out between
 * two queries emits an unhandled 'error' and ends the process.
 */
export function resilientPool(
  config: pg.PoolConfig,
  onError: (error: Error, client: pg.PoolClient) => void = () => undefined,
): pg.Pool {
  const pool = new pg.Pool(config);
  // Every client's error is told once, by its own listener; the pool re-emits an idle client's error,
  // which is the same error, so that one is only swallowed.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (error) => onError(error, client));
  });
  return pool;
}

export function postgresExecutor({
  connectionString,
  maxConnections = 20,
}: PostgresExecutorOptions): SqlExecutor {
  const pool = resilientPool({ connectionString, max: maxConnections });
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
    async streamTuples<Tuple extends readonly unknown[]>(
      text: string,
      params: readonly unknown[],
      onRow: (row: Tuple) => void,
      settings: Readonly<Record<string, string>> = {},
    ) {
      const client = await pool.connect();
      // Set when the connection must not go back to the pool: the fold threw, or the read failed midway.
      let broken: Error | undefined;
      try {
        await client.query('begin read only');
        for (const [name, value] of Object.entries(settings))
          await client.query('select set_config($1, $2, true)', [name, value]);
        let rows = 0;
        await new Promise<void>((resolve, reject) => {
          const config: pg.QueryArrayConfig = { text, values: params as unknown[], rowMode: 'array' };
          const query = new pg.Query(config);
          // A 'row' listener and no callback: pg hands each row on as it is parsed and keeps none.
          query.on('row', (row: Tuple) => {
            if (broken) return;
            try {
              onRow(row);
              rows++;
            } catch (error) {
              // Ending the connection ends the query at once, rather than reading the rest for nothing.
              broken = error instanceof Error ? error : new Error(String(error));
              reject(error);
              client.release(broken);
            }
          });
          query.on('end', () => resolve());
          query.on('error', (error: Error) => reject(error));
          client.query(query);
        });
        await client.query('commit');
        client.release();
        return rows;
      } catch (error) {
        if (!broken) {
          broken = error instanceof Error ? error : new Error(String(error));
          client.release(broken);
        }
        throw error;
      }
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
