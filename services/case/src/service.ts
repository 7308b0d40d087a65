import type { WorkingCalendar } from '@chungtay/calendar';
import type { EventStore, SqlExecutor } from '@chungtay/event-store';
import { createServiceApp, IdempotencyKeys, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import { caseErrorMappers, caseRoutes } from './api.ts';
import { CaseApplication } from './application.ts';
import { type DeadlinePolicy, defaultDeadlinePolicy } from './case/deadline-policy.ts';

export interface CaseServiceOptions {
  readonly store: EventStore;
  /** Where the service keeps its own tables (idempotency keys): schema `case_service`. */
  readonly executor: SqlExecutor;
  readonly verifier: TokenVerifier;
  readonly calendar: WorkingCalendar;
  readonly policy?: DeadlinePolicy;
  readonly clock?: () => Date;
}

export async function createCaseService(
  options: CaseServiceOptions,
): Promise<{ app: Express; application: CaseApplication }> {
  const idempotency = new IdempotencyKeys(options.executor, 'case_service');
  await idempotency.migrate();
  const application = new CaseApplication(
    options.store,
    options.policy ?? defaultDeadlinePolicy,
    options.calendar,
    options.clock,
  );
  const app = createServiceApp({
    name: 'case',
    routes: caseRoutes({ application, verifier: options.verifier, idempotency }),
    errorMappers: caseErrorMappers,
    ready: async () => (await options.executor.query('select 1 as ok')).length === 1,
  });
  return { app, application };
}
