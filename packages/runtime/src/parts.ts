import { personalDataMap } from '@chungtay/contracts';
import {
  type EventStore,
  EventStoreDbEventStore,
  MasterKey,
  migrate,
  ProtectedEventStore,
  postgresExecutor,
  resilientPool,
  SqlEventStore,
  type SqlExecutor,
  SqlKeyStore,
} from '@chungtay/event-store';
import {
  type CaseEventFeed,
  createKafka,
  postgresDatabase,
  type ReadModelDatabase,
} from '@chungtay/messaging';
import { type TokenVerifier, tokenVerifier } from '@chungtay/service-kit';
import type { Logger } from 'pino';
import type { ServiceEnvironment } from './config.ts';

/** What a service of the production topology stands on. */
export interface ServiceParts {
  /** The store, personal fields opened for the service. */
  readonly store: ProtectedEventStore;
  readonly masterKey: MasterKey;
  readonly keys: SqlKeyStore;
  /** The service's own tables (idempotency keys, indexes). */
  readonly executor: SqlExecutor;
  /** Its read models and consumer positions, in one PostgreSQL transaction each. */
  readonly db: ReadModelDatabase;
  /** Case events from Kafka, published by the relay. */
  readonly feed: CaseEventFeed;
  readonly verifier: TokenVerifier;
  /** Reachable: PostgreSQL answers. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens the parts from the environment. The PostgreSQL schema is created if missing (idempotent), so the
 * first service started migrates it; with EventStoreDB only the key table is.
 */
export async function openServiceParts(
  name: string,
  env: ServiceEnvironment,
  logger: Logger,
): Promise<ServiceParts> {
  const executor = postgresExecutor({ connectionString: env.DATABASE_URL, maxConnections: 10 });
  const stored: EventStore = env.EVENTSTORE_URL
    ? EventStoreDbEventStore.connect(env.EVENTSTORE_URL)
    : await SqlEventStore.open(executor, { idlePollMs: 50 });
  if (env.EVENTSTORE_URL) await migrate(executor);
  const masterKey = MasterKey.fromBase64(env.CHUNGTAY_MASTER_KEY);
  const previous = (env.CHUNGTAY_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter(Boolean)
    .map((value) => MasterKey.fromBase64(value));
  const keys = new SqlKeyStore(executor, masterKey, 60_000, previous);
  const store = new ProtectedEventStore(stored, { personalData: personalDataMap, keys });
  const pool = resilientPool({ connectionString: env.DATABASE_URL, max: 6 }, (error) =>
    logger.warn(
      { err: { name: error.name, code: (error as { code?: string }).code } },
      'PostgreSQL client failed',
    ),
  );
  const brokers = env.KAFKA_BROKERS;
  return {
    store,
    masterKey,
    keys,
    executor,
    db: postgresDatabase(pool),
    get feed(): CaseEventFeed {
      if (!brokers) throw new Error(`${name} consumes case events: set KAFKA_BROKERS`);
      const kafka = createKafka({ brokers: brokers.split(','), clientId: `chungtay-${name}`, logger });
      return { kind: 'kafka', kafka, topicPrefix: env.TOPIC_PREFIX };
    },
    verifier: tokenVerifier({
      issuer: env.OIDC_ISSUER,
      audience: env.OIDC_AUDIENCE,
      jwksUrl: env.OIDC_JWKS_URL,
      maxLifetimeSeconds: env.OIDC_MAX_TOKEN_LIFETIME,
    }),
    async ready() {
      return (await pool.query('select 1 as ok')).rowCount === 1;
    },
    async close() {
      await store.close();
      await pool.end();
      if (env.EVENTSTORE_URL) await executor.close();
    },
  };
}
