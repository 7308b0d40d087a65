import type { AddressInfo } from 'node:net';
import {
  type EventStore,
  EventStoreDbEventStore,
  postgresExecutor,
  resilientPool,
  SqlEventStore,
} from '@chungtay/event-store';
import { createKafka, PostgresLeaderLock, Relay, RelayCheckpoints } from '@chungtay/messaging';
import { ConsumingEnvironment, port, ServiceEnvironment } from '@chungtay/runtime';
import { createLogger, createServiceApp } from '@chungtay/service-kit';
import { Router } from 'express';
import { Counter, Gauge, Registry } from 'prom-client';
import { z } from 'zod';

/** Configuration from the environment; a missing or malformed value stops the start, naming it. */
export const RelayConfig = ServiceEnvironment.pick({
  DATABASE_URL: true,
  EVENTSTORE_URL: true,
  TOPIC_PREFIX: true,
  HOST: true,
  LOG_LEVEL: true,
}).extend({
  KAFKA_BROKERS: ConsumingEnvironment.shape.KAFKA_BROKERS,
  RELAY_NAME: z
    .string()
    .default('chungtay-relay')
    .describe('The relay’s checkpoint name; relays of one name share one lead'),
  PORT: port(4100),
});
export type RelayConfig = z.infer<typeof RelayConfig>;

export interface RelayService {
  readonly url: string;
  readonly relay: Relay;
  stop(): Promise<void>;
}

/**
 * The relay process: the event store (PostgreSQL, or EventStoreDB through its catch-up subscription) to
 * Kafka. Checkpoints and the leader lock live in PostgreSQL. Health, readiness and Prometheus metrics on PORT.
 */
export async function startRelayService(config: RelayConfig): Promise<RelayService> {
  const logger = createLogger('relay');
  const pool = resilientPool({ connectionString: config.DATABASE_URL, max: 4 }, (error) =>
    logger.warn(
      { err: { name: error.name, code: (error as { code?: string }).code } },
      'PostgreSQL client failed',
    ),
  );
  const store: EventStore = config.EVENTSTORE_URL
    ? EventStoreDbEventStore.connect(config.EVENTSTORE_URL)
    : await SqlEventStore.open(
        postgresExecutor({ connectionString: config.DATABASE_URL, maxConnections: 4 }),
        {
          migrate: false,
          idlePollMs: 50,
        },
      );
  const checkpoints = new RelayCheckpoints(pool, config.RELAY_NAME);
  await checkpoints.migrate();
  const registry = new Registry();
  const published = new Counter({
    name: 'chungtay_relay_published_total',
    help: 'Events published to Kafka',
    registers: [registry],
  });
  new Gauge({
    name: 'chungtay_relay_broker_reachable',
    help: '1 when the broker answered the last connect or send of this relay, 0 when it did not',
    registers: [registry],
    collect() {
      this.set(relay.brokerReachable === false ? 0 : 1);
    },
  });
  new Gauge({
    name: 'chungtay_relay_leader',
    help: '1 while this relay leads',
    registers: [registry],
    collect() {
      this.set(relay.isLeader ? 1 : 0);
    },
  });
  const relay = new Relay({
    store,
    kafka: createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: config.RELAY_NAME, logger }),
    checkpoints,
    lock: new PostgresLeaderLock(config.DATABASE_URL, [7007, 1]),
    topicPrefix: config.TOPIC_PREFIX,
    logger,
    afterPublish: (batch) => {
      published.inc(batch.length);
    },
  });
  relay.start();

  const routes = Router();
  routes.get('/metrics', async (_request, response) => {
    response.type(registry.contentType).send(await registry.metrics());
  });
  const app = createServiceApp({
    name: 'relay',
    routes,
    logger,
    // Ready when PostgreSQL answers and the broker answered this relay's last connect or send.
    ready: async () => (await pool.query('select 1')).rowCount === 1 && relay.brokerReachable !== false,
  });
  const server = app.listen(config.PORT, config.HOST);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  logger.info({ port, name: config.RELAY_NAME }, 'relay started');
  return {
    url: `http://127.0.0.1:${port}`,
    relay,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.stop();
      await store.close();
      await pool.end();
      logger.info('relay stopped');
    },
  };
}
