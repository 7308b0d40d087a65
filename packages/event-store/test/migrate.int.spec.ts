import { createTestDatabase } from '@chungtay/testing';
import { describe, expect, it } from 'vitest';
import { migrate, postgresExecutor } from '../src/index.ts';

// Every service of the topology migrates the store's schema as it starts, side by side: they must not
// deadlock or collide (a topology start in CI died of "deadlock detected" on `create or replace function`).
describe('migrating the store from many processes at once', () => {
  it('eight migrations side by side on a new database all succeed, and again on the migrated one', async () => {
    const database = await createTestDatabase('migrate_concurrently');
    const executors = Array.from({ length: 8 }, () =>
      postgresExecutor({ connectionString: database.url, maxConnections: 1 }),
    );
    try {
      for (let round = 0; round < 2; round++) {
        const outcomes = await Promise.allSettled(executors.map((executor) => migrate(executor)));
        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      }
    } finally {
      for (const executor of executors) await executor.close();
      await database.drop();
    }
  });
});
