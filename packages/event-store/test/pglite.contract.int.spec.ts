import { afterAll, beforeAll } from 'vitest';
import { MasterKey, pgliteExecutor, SqlEventStore, SqlKeyStore } from '../src/index.ts';
import { type ContractSubject, eventStoreContract } from './contract-suite.ts';

let subject: ContractSubject;

beforeAll(async () => {
  const executor = await pgliteExecutor();
  const store = await SqlEventStore.open(executor, { idlePollMs: 50 });
  subject = { store, keys: new SqlKeyStore(executor, MasterKey.generate()) };
});

afterAll(async () => {
  await subject?.store.close();
});

eventStoreContract('PGlite (embedded)', () => subject);
