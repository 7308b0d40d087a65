import type { CaseApplication } from '@chungtay/case';
import { topics } from '@chungtay/contracts';
import type { EventStore, KeyStore } from '@chungtay/event-store';
import { ReadModelConsumer, type ReadModelDatabase, StoreConsumer } from '@chungtay/messaging';
import { createLogger, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import type { Kafka } from 'kafkajs';
import { AccessLog, type AccessLogOptions } from './access-log.ts';
import { createGatewayApp } from './app.ts';
import { CaseServiceClient } from './case-service-client.ts';
import { CASE_QUEUE_CONSUMER, CaseQueue, GATEWAY_SCHEMA } from './read-model/case-queue.ts';

/** How the work queues learn what happened: Kafka in production, the store's subscription when embedded. */
export type QueueFeed =
  | { readonly kind: 'store'; readonly storedEvents: EventStore }
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly topicPrefix?: string };

export interface GatewayServiceOptions {
  /** Timelines, personal fields opened (the lens filters them). */
  readonly store: EventStore;
  /** Opens personal fields of delivered events (they travel sealed). */
  readonly keys: KeyStore;
  readonly db: ReadModelDatabase;
  readonly cases: CaseApplication;
  readonly caseServiceUrl: string;
  readonly verifier: TokenVerifier;
  readonly feed: QueueFeed;
  readonly production?: boolean;
  readonly accessLog?: AccessLogOptions;
}

export interface GatewayService {
  readonly app: Express;
  readonly queue: CaseQueue;
  readonly accessLog: AccessLog;
  readonly consumer: StoreConsumer | ReadModelConsumer;
  stop(): Promise<void>;
}

/** The gateway with its read model fed and its access log running: what the embedded default and main start. */
export async function createGatewayService(options: GatewayServiceOptions): Promise<GatewayService> {
  const logger = createLogger('gateway');
  const queue = new CaseQueue(options.db, (state) => options.cases.deadlines(state));
  await queue.migrate();
  const common = {
    name: CASE_QUEUE_CONSUMER,
    db: options.db,
    schema: GATEWAY_SCHEMA,
    keys: options.keys,
    handle: queue.handle,
    logger,
  };
  const consumer =
    options.feed.kind === 'store'
      ? new StoreConsumer({ ...common, store: options.feed.storedEvents })
      : new ReadModelConsumer({
          ...common,
          kafka: options.feed.kafka,
          topics: [`${options.feed.topicPrefix ?? ''}${topics.caseEvents.name}`],
          deadLetterTopic: `${options.feed.topicPrefix ?? ''}${topics.deadLetter.name}`,
        });
  await consumer.start();
  const accessLog = new AccessLog(options.store, { logger, ...options.accessLog });
  const { app } = createGatewayApp({
    store: options.store,
    cases: options.cases,
    queue,
    accessLog,
    caseService: new CaseServiceClient(options.caseServiceUrl),
    verifier: options.verifier,
    ...(options.production ? { production: true } : {}),
    ready: async () => (await options.db.query('select 1 as ok')).rows.length === 1,
  });
  return {
    app,
    queue,
    accessLog,
    consumer,
    async stop() {
      await consumer.stop();
      await accessLog.close();
    },
  };
}
