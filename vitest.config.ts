import { defineConfig } from 'vitest/config';

// Tiers by file suffix: *.unit.spec.ts (pure, fast), *.int.spec.ts (real PostgreSQL and Kafka),
// *.e2e.spec.ts (whole journeys across processes). The global setup starts one Kafka broker for the run.
const sources = ['packages/*/{src,test}/**', 'services/*/{src,test}/**'];
const tier = (
  name: string,
  groupOrder: number,
  extra: { testTimeout?: number; maxWorkers?: number } = {},
) => ({
  extends: true as const,
  test: {
    name,
    include: sources.map((glob) => `${glob}/*.${name}.spec.ts`),
    testTimeout: extra.testTimeout ?? 10_000,
    hookTimeout: 60_000,
    // Tiers run one after another: fast feedback first, and the heavier tiers do not compete for two cores.
    sequence: { groupOrder },
    ...(extra.maxWorkers ? { maxWorkers: extra.maxWorkers } : {}),
  },
});

export default defineConfig({
  // One `graphql` for everyone: Node gives the libraries (Pothos, yoga) its CommonJS entry, so our code must
  // not be handed the ESM build by vite, or schemas cross "realms".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    projects: [
      tier('unit', 0),
      tier('int', 1, { testTimeout: 60_000, maxWorkers: 2 }),
      tier('e2e', 2, { testTimeout: 180_000, maxWorkers: 1 }),
    ],
    pool: 'forks',
  },
});
