import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import { afterAll, beforeAll } from 'vitest';
import { MasterKey, postgresExecutor, SqlEventStore, SqlKeyStore } from '../src/index.ts';
import { type ContractSubject, eventStoreContract } from './contract-suite.ts';

let database: TestDatabase;
let subject: ContractSubject;

beforeAll(async () => {
  database = await createTestDatabase('store_contract');
  const executor = postgresExecutor({ connectionString: database.url });
  const store = await SqlEventStore.open(executor, { idlePollMs: 50 });
  subject = { store, keys: new SqlKeyStore(executor, MasterKey.generate()) };
});

afterAll(async () => {
  await subject?.store.close();
  await database?.drop();
});

eventStoreContract('PostgreSQL', () => subject);
