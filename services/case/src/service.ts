import type { WorkingCalendar } from '@chungtay/calendar';
import { type EventStore, ProtectedEventStore, type SqlExecutor } from '@chungtay/event-store';
import { AccessLog, createServiceApp, IdempotencyKeys, type TokenVerifier } from '@chungtay/service-kit';
import type { Express } from 'express';
import { Router } from 'express';
import { caseErrorMappers, caseRoutes } from './api.ts';
import { CaseApplication, canReadCase } from './application.ts';
import { type DeadlinePolicy, defaultDeadlinePolicy } from './case/deadline-policy.ts';
import { childRoutes } from './child/api.ts';
import { ChildApplication } from './child/application.ts';
import { ChildIndex } from './child/blind-index.ts';

export interface CaseServiceOptions {
  readonly store: EventStore;
  /** Where the service keeps its own tables (idempotency keys): schema `case_service`. */
  readonly executor: SqlExecutor;
  readonly verifier: TokenVerifier;
  readonly calendar: WorkingCalendar;
  readonly policy?: DeadlinePolicy;
  readonly clock?: () => Date;
  /** 32 bytes keying the blind indexes used for duplicate detection (never stored with the data). */
  readonly indexSecret: Buffer;
}

export interface CaseService {
  readonly app: Express;
  readonly application: CaseApplication;
  readonly children: ChildApplication;
  /** The reads of cases, recorded; `close()` writes what is left. */
  readonly accessLog: AccessLog;
  /** Writes the reads not yet written. */
  close(): Promise<void>;
}

export async function createCaseService(options: CaseServiceOptions): Promise<CaseService> {
  const idempotency = new IdempotencyKeys(options.executor, 'case_service');
  await idempotency.migrate();
  const index = new ChildIndex(options.executor, options.indexSecret);
  await index.migrate();
  const store = options.store;
  const eraseSubject =
    store instanceof ProtectedEventStore
      ? (subject: string, reason: string) => store.eraseSubject(subject, reason)
      : undefined;
  const application = new CaseApplication(
    options.store,
    options.policy ?? defaultDeadlinePolicy,
    options.calendar,
    options.clock,
    eraseSubject,
  );
  const children = new ChildApplication(store, index, options.clock, eraseSubject, async (caller, caseId) =>
    canReadCase(caller, (await application.load(caseId)).state),
  );
  const routes = Router();
  const accessLog = new AccessLog(options.store);
  routes.use(caseRoutes({ application, verifier: options.verifier, idempotency, accessLog }));
  routes.use(childRoutes({ application: children, verifier: options.verifier, idempotency, accessLog }));
  const app = createServiceApp({
    name: 'case',
    routes,
    errorMappers: caseErrorMappers,
    ready: async () => (await options.executor.query('select 1 as ok')).length === 1,
  });
  return { app, application, children, accessLog, close: () => accessLog.close() };
}
