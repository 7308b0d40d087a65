import { afterAll, beforeAll } from 'vitest';
import { pgliteExecutor, SqlEventStore } from '../src/index.ts';
import { type SqlGuaranteesSubject, sqlStoreGuarantees } from './sql-guarantees.ts';

let subject: SqlGuaranteesSubject;

beforeAll(async () => {
  const store = await SqlEventStore.open(await pgliteExecutor());
  subject = {
    store,
    executor: store.executor,
    // PGlite has one session: the role is set on it and reset afterwards.
    async asRole(role, body) {
      await store.executor.exec(`set role ${role}`);
      try {
        await body(store, store.executor);
      } finally {
        await store.executor.exec('reset role');
      }
    },
  };
});

afterAll(async () => {
  await subject?.store.close();
});

sqlStoreGuarantees('PGlite', () => subject);
