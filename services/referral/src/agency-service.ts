import type { EventStore, SqlExecutor } from '@chungtay/event-store';
import { createLogger, createServiceApp, IdempotencyKeys, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import type { z } from 'zod';
import { agencyCommandRoutes } from './agency-routes.ts';
import { referralErrorMappers } from './api.ts';
import { type CaseStreamDecider, CaseStreamWriter } from './case-stream-writer.ts';

export interface AgencyServiceOptions {
  readonly store: EventStore;
  readonly executor: SqlExecutor;
  readonly verifier: TokenVerifier;
  readonly clock?: () => Date;
}

export interface AgencyService<Command, State> {
  readonly app: Express;
  readonly writer: CaseStreamWriter<Command, State>;
}

/** An agency service: its decider over case streams, behind `POST /cases/:caseId/<collection>`. */
export async function createAgencyService<Command extends { type: string }, State>(
  definition: {
    readonly name: string;
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
  const app = createServiceApp({
    name: definition.name,
    routes: agencyCommandRoutes({
      collection: definition.collection,
      schema: definition.commands,
      writer,
      verifier: options.verifier,
      idempotency,
    }),
    errorMappers: referralErrorMappers,
    logger: createLogger(definition.name),
    ready: async () => (await options.executor.query('select 1 as ok')).length === 1,
  });
  return { app, writer };
}
