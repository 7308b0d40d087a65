import type { Agency, EventStore, KeyStore, SqlExecutor } from '@chungtay/event-store';
import {
  type CaseEventFeed,
  caseEventConsumer,
  type ReadModelConsumer,
  type ReadModelDatabase,
  type StoreConsumer,
} from '@chungtay/messaging';
import {
  authenticate,
  callerOf,
  createLogger,
  createServiceApp,
  IdempotencyKeys,
  ProblemError,
  type TokenVerifier,
} from '@chungtay/service-kit';
import type { Express } from 'express';
import type { z } from 'zod';
import { AgencyInbox } from './agency-inbox.ts';
import { agencyCommandRoutes } from './agency-routes.ts';
import { referralErrorMappers } from './api.ts';
import { type CaseStreamDecider, CaseStreamWriter } from './case-stream-writer.ts';

export interface AgencyServiceOptions {
  readonly store: EventStore;
  readonly executor: SqlExecutor;
  readonly verifier: TokenVerifier;
  /** The service's own read model (its inbox) and how it learns of case events. */
  readonly db: ReadModelDatabase;
  readonly feed: CaseEventFeed;
  readonly keys: KeyStore;
  readonly clock?: () => Date;
}

export interface AgencyService<Command, State> {
  readonly app: Express;
  readonly writer: CaseStreamWriter<Command, State>;
  readonly inbox: AgencyInbox;
  /** Feeds the inbox (measured in production: lag, dead letters, stale streams). */
  readonly consumer: StoreConsumer | ReadModelConsumer;
  stop(): Promise<void>;
}

/** An agency service: its decider over case streams, behind `POST /cases/:caseId/<collection>`. */
export async function createAgencyService<Command extends { type: string }, State>(
  definition: {
    readonly name: string;
    /** The agency it serves: its officers act, its referrals fill the inbox. */
    readonly agency: Agency;
    /** Its own PostgreSQL schema (idempotency keys). */
    readonly schema: string;
    readonly collection: string;
    readonly commands: z.ZodType<Command>;
    readonly decider: CaseStreamDecider<Command, State>;
  },
  options: AgencyServiceOptions,
): Promise<AgencyService<Command, State>> {
  const idempotency = new IdempotencyKeys(options.executor, definition.schema);
  await idempotency.migrate();
  const writer = new CaseStreamWriter(options.store, definition.decider, options.clock);
  const logger = createLogger(definition.name);
  const inbox = new AgencyInbox(options.db, definition.schema, definition.agency);
  await inbox.migrate();
  const consumer = caseEventConsumer(options.feed, {
    name: `${definition.name}-inbox`,
    db: options.db,
    schema: definition.schema,
    keys: options.keys,
    handle: inbox.handle,
    logger,
  });
  await consumer.start();
  const routes = agencyCommandRoutes({
    collection: definition.collection,
    schema: definition.commands,
    writer,
    verifier: options.verifier,
    idempotency,
  });
  // `GET /inbox`: the referrals to this agency, for its officers (the gateway's `referralInbox` reads its own copy).
  routes.get('/inbox', authenticate(options.verifier), async (request, response) => {
    const caller = callerOf(response.locals);
    if (caller.agency !== definition.agency)
      throw new ProblemError(403, 'Forbidden', `the inbox is the ${definition.agency} agency's`);
    const status = typeof request.query.status === 'string' ? request.query.status : undefined;
    response.json({ referrals: await inbox.list(status) });
  });
  const app = createServiceApp({
    name: definition.name,
    routes,
    errorMappers: referralErrorMappers,
    logger,
    ready: async () => (await options.executor.query('select 1 as ok')).length === 1,
  });
  return { app, writer, inbox, consumer, stop: () => consumer.stop() };
}
