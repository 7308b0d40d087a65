import { afterAll, beforeAll, describe } from 'vitest';
import {
  EventStoreDbEventStore,
  MasterKey,
  migrate,
  pgliteExecutor,
  type SqlExecutor,
  SqlKeyStore,
} from '../src/index.ts';
import { type ContractSubject, eventStoreContract } from './contract-suite.ts';

// No EventStoreDB server can run on the machines this project is built on (no Docker, no package).
// Point EVENTSTORE_URL at one (esdb://127.0.0.1:2113?tls=false) to run the whole contract suite against it;
// the adapter's mapping is unit-tested in eventstoredb.mapping.unit.spec.ts either way.
const url = process.env.EVENTSTORE_URL;

describe.runIf(url)('EventStoreDB adapter against a live server (EVENTSTORE_URL)', () => {
  let subject: ContractSubject;
  let keyDatabase: SqlExecutor;

  beforeAll(async () => {
    keyDatabase = await pgliteExecutor();
    await migrate(keyDatabase);
    subject = {
      store: EventStoreDbEventStore.connect(url as string),
      keys: new SqlKeyStore(keyDatabase, MasterKey.generate()),
    };
  });

  afterAll(async () => {
    await subject?.store.close();
    await keyDatabase?.close();
  });

  eventStoreContract('EventStoreDB', () => subject);
});
