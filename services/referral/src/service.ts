import type { EventStore, KeyStore, SqlExecutor } from '@chungtay/event-store';
import {
  type CaseEventFeed,
  caseEventConsumer,
  type ReadModelConsumer,
  type ReadModelDatabase,
  type StoreConsumer,
} from '@chungtay/messaging';
import { createLogger, createServiceApp, IdempotencyKeys, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import { referralErrorMappers, referralRoutes } from './api.ts';
import { ReferralApplication } from './application.ts';
import { REFERRAL_CONSUMER, REFERRAL_SCHEMA, ReferralReadModel } from './read-model.ts';
import { ReferralWorker } from './worker.ts';

export interface ReferralServiceOptions {
  /** Case streams, personal fields opened. */
  readonly store: EventStore;
  /** Where the service keeps its idempotency keys (schema `referral_service`). */
  readonly executor: SqlExecutor;
  readonly db: ReadModelDatabase;
  readonly verifier: TokenVerifier;
  /** How the read model learns of case events, and the keys to open what it delivers. */
  readonly feed: CaseEventFeed;
  readonly keys: KeyStore;
  /** How often the worker reacts and escalates (0: only when `worker.tick()` is called). */
  readonly workerIntervalMs?: number;
  readonly clock?: () => Date;
}

export interface ReferralService {
  readonly app: Express;
  readonly application: ReferralApplication;
  readonly readModel: ReferralReadModel;
  readonly consumer: StoreConsumer | ReadModelConsumer;
  readonly worker: ReferralWorker;
  stop(): Promise<void>;
}

export async function createReferralService(options: ReferralServiceOptions): Promise<ReferralService> {
  const logger = createLogger('referral');
  const idempotency = new IdempotencyKeys(options.executor, REFERRAL_SCHEMA);
  await idempotency.migrate();
  const application = new ReferralApplication(options.store, options.clock);
  const readModel = new ReferralReadModel(options.db);
  await readModel.migrate();
  const consumer = caseEventConsumer(options.feed, {
    keys: options.keys,
    name: REFERRAL_CONSUMER,
    db: options.db,
    schema: REFERRAL_SCHEMA,
    handle: readModel.handle,
    logger,
  });
  await consumer.start();
  const worker = new ReferralWorker({
    application,
    readModel,
    intervalMs: options.workerIntervalMs ?? 1_000,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  worker.start();
  const app = createServiceApp({
    name: 'referral',
    routes: referralRoutes({ application, verifier: options.verifier, idempotency }),
    errorMappers: referralErrorMappers,
    logger,
  });
  return {
    app,
    application,
    readModel,
    consumer,
    worker,
    async stop() {
      await worker.stop();
      await consumer.stop();
    },
  };
}
