import { randomBytes } from 'node:crypto';
import { ChildIndex } from '@chungtay/case';
import { personalDataMap } from '@chungtay/contracts';
import {
  MasterKey,
  ProtectedEventStore,
  pgliteExecutor,
  SqlEventStore,
  type SqlExecutor,
  SqlKeyStore,
} from '@chungtay/event-store';

export interface DemoStore {
  readonly executor: SqlExecutor;
  /** The store as stored (personal fields sealed) and the same store opened with the keys. */
  readonly stored: SqlEventStore;
  readonly store: ProtectedEventStore;
  readonly childIndex: ChildIndex;
}

/**
 * An embedded store ready for `seedDemo`: PGlite (in memory, or on disk in `dataDir`), personal fields sealed
 * with `masterKey` (a new one by default), and the case service's child index.
 */
export async function openDemoStore(
  options: { readonly dataDir?: string; readonly masterKey?: MasterKey } = {},
): Promise<DemoStore> {
  const executor = await pgliteExecutor(options.dataDir);
  const stored = await SqlEventStore.open(executor);
  const keys = new SqlKeyStore(executor, options.masterKey ?? MasterKey.generate());
  const store = new ProtectedEventStore(stored, { personalData: personalDataMap, keys });
  const childIndex = new ChildIndex(executor, randomBytes(32));
  await childIndex.migrate();
  return { executor, stored, store, childIndex };
}
