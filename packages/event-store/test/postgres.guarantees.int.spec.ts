import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import { afterAll, beforeAll } from 'vitest';
import { postgresExecutor, SqlEventStore } from '../src/index.ts';
import { type SqlGuaranteesSubject, sqlStoreGuarantees } from './sql-guarantees.ts';

let database: TestDatabase;
let subject: SqlGuaranteesSubject;

beforeAll(async () => {
  database = await createTestDatabase('store_guarantees');
  // One connection, so `session_replication_role` applies to the statement that follows it.
  const store = await SqlEventStore.open(
    postgresExecutor({ connectionString: database.url, maxConnections: 1 }),
  );
  subject = {
    store,
    executor: store.executor,
    async asRole(role, body) {
      const url = new URL(database.url);
      url.username = role;
      const roleStore = await SqlEventStore.open(postgresExecutor({ connectionString: url.toString() }), {
        migrate: false,
      });
      try {
        await body(roleStore, roleStore.executor);
      } finally {
        await roleStore.close();
      }
    },
  };
});

afterAll(async () => {
  await subject?.store.close();
  await database?.drop();
});

sqlStoreGuarantees('PostgreSQL', () => subject);
