import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { personalDataMap } from '@chungtay/contracts';
import {
  type EventStore,
  MasterKey,
  ProtectedEventStore,
  pgliteExecutor,
  postgresExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';

export interface StoreValues {
  'database-url'?: string;
  'data-dir'?: string;
  json?: boolean;
}

const executorFor = async (values: StoreValues, defaultDataDir: string) => {
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  return url
    ? postgresExecutor({ connectionString: url })
    : pgliteExecutor(join(values['data-dir'] ?? defaultDataDir, 'pglite'));
};

/** The store as stored: PostgreSQL by URL, or the embedded default's PGlite (stop `pnpm start` first). */
export async function openStore(values: StoreValues, defaultDataDir: string): Promise<EventStore> {
  return SqlEventStore.open(await executorFor(values, defaultDataDir));
}

/**
 * The store as stored, and beside it the same store with personal fields opened when a master key is at hand
 * (`CHUNGTAY_MASTER_KEY`, or the embedded default's key file); without one, `readable` is the stored store
 * and `note` says so. Closing `readable` closes both.
 */
export async function openReadableStore(
  values: StoreValues,
  defaultDataDir: string,
  note: (text: string) => void,
): Promise<{ stored: EventStore; readable: EventStore }> {
  const executor = await executorFor(values, defaultDataDir);
  const stored = await SqlEventStore.open(executor);
  const keyFile = join(values['data-dir'] ?? defaultDataDir, 'master.key');
  const encoded =
    process.env.CHUNGTAY_MASTER_KEY ??
    (!values['database-url'] && !process.env.DATABASE_URL && existsSync(keyFile)
      ? (await readFile(keyFile, 'utf8')).trim()
      : undefined);
  if (!encoded) {
    note('no master key (CHUNGTAY_MASTER_KEY): personal fields stay sealed\n');
    return { stored, readable: stored };
  }
  const keys = new SqlKeyStore(executor, MasterKey.fromBase64(encoded));
  return { stored, readable: new ProtectedEventStore(stored, { personalData: personalDataMap, keys }) };
}

/** A progress line on stderr: rewritten in place on a terminal, every `step` on a log. */
export function progress(err: (text: string) => void, what: string, step = 100_000) {
  let shown = 0;
  const tty = process.stderr.isTTY;
  return {
    update(count: number) {
      if (tty) err(`\r  ${what}: ${count.toLocaleString('vi-VN')}`);
      else if (count - shown >= step) {
        shown = count;
        err(`  ${what}: ${count}\n`);
      }
    },
    done(count: number) {
      err(`${tty ? '\r' : ''}  ${what}: ${count.toLocaleString('vi-VN')} — xong\n`);
    },
  };
}
