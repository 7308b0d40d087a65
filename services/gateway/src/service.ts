import type { CaseApplication } from '@chungtay/case';
import type { EventStore, KeyStore } from '@chungtay/event-store';
import {
  type CaseEventFeed,
  caseEventConsumer,
  type ReadModelConsumer,
  type ReadModelDatabase,
  type StoreConsumer,
} from '@chungtay/messaging';
import { AccessLog, type AccessLogOptions, createLogger, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import { createGatewayApp } from './app.ts';
import type { AgencyPath } from './context.ts';
import { caseChangePublisher, createCaseChanges } from './live.ts';
import { CASE_QUEUE_CONSUMER, CaseQueue, GATEWAY_SCHEMA } from './read-model/case-queue.ts';
import { ServiceClient } from './service-client.ts';
import { TimelineCache } from './timeline-cache.ts';

export interface GatewayServiceOptions {
  /** Timelines, personal fields opened (the lens filters them). */
  readonly store: EventStore;
  /** Opens personal fields of delivered events (they travel sealed). */
  readonly keys: KeyStore;
  readonly db: ReadModelDatabase;
  readonly cases: CaseApplication;
  readonly caseServiceUrl: string;
  readonly referralServiceUrl: string;
  /** Where the agencies' services answer (one URL each; the embedded default serves all on one). */
  readonly agencyServiceUrls: Readonly<Record<AgencyPath, string>>;
  readonly verifier: TokenVerifier;
  readonly feed: CaseEventFeed;
  readonly production?: boolean;
  readonly accessLog?: AccessLogOptions;
}

export interface GatewayService {
  readonly app: Express;
  readonly queue: CaseQueue;
  readonly accessLog: AccessLog;
  readonly consumer: StoreConsumer | ReadModelConsumer;
  /** Ends the live streams (GraphQL subscriptions), so closing the HTTP server waits for none of them. */
  drain(): void;
  stop(): Promise<void>;
}

/** The gateway with its read model fed and its access log running: what the embedded default and main start. */
export async function createGatewayService(options: GatewayServiceOptions): Promise<GatewayService> {
  const logger = createLogger('gateway');
  const queue = new CaseQueue(options.db, (state) => options.cases.deadlines(state));
  await queue.migrate();
  const timelines = new TimelineCache(options.store);
  const changes = createCaseChanges();
  const consumer = caseEventConsumer(options.feed, {
    name: CASE_QUEUE_CONSUMER,
    db: options.db,
    schema: GATEWAY_SCHEMA,
    keys: options.keys,
    handle: queue.handle,
    // An erased person's opened values leave the timeline cache at once, not when their entries expire.
    onErased: () => timelines.evictAll(),
    onApplied: caseChangePublisher(changes, queue),
    logger,
  });
  await consumer.start();
  const accessLog = new AccessLog(options.store, { logger, ...options.accessLog });
  const { app } = createGatewayApp({
    store: options.store,
    cases: options.cases,
    queue,
    accessLog,
    caseService: new ServiceClient(options.caseServiceUrl),
    referralService: new ServiceClient(options.referralServiceUrl),
    agencyServices: {
      'legal-aid': new ServiceClient(options.agencyServiceUrls['legal-aid']),
      medical: new ServiceClient(options.agencyServiceUrls.medical),
      'school-safety': new ServiceClient(options.agencyServiceUrls['school-safety']),
    },
    verifier: options.verifier,
    timelines,
    changes,
    ...(options.production ? { production: true } : {}),
    ready: async () => (await options.db.query('select 1 as ok')).rows.length === 1,
  });
  return {
    app,
    queue,
    accessLog,
    consumer,
    drain: () => changes.end(),
    async stop() {
      changes.end();
      await consumer.stop();
      await accessLog.close();
    },
  };
}
