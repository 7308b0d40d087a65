import { CaseCommand } from '@chungtay/contracts';
import {
  DuplicateEventIdError,
  InvalidAppendError,
  SubjectErasedError,
  WrongExpectedVersionError,
} from '@chungtay/event-store';
import {
  type AccessLog,
  authenticate,
  callerOf,
  type ErrorMapper,
  etagOf,
  type IdempotencyKeys,
  invalidRequest,
  ProblemError,
  streamCommandRoutes,
  type TokenVerifier,
} from '@chungtay/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import { actorFor, type CaseApplication, canReadCase, StaleRevision } from './application.ts';
import { CaseNotFound, CaseRuleViolation, StepNotPermitted } from './case/errors.ts';
import { caseSummary } from './case/summary.ts';

const ReceiveReportBody = CaseCommand.options[0].shape.data;
const CaseIdParam = z.uuid();

export const caseErrorMappers: ErrorMapper[] = [
  (error) =>
    error instanceof CaseRuleViolation
      ? new ProblemError(422, 'Unprocessable Content', error.message, {
          rule: error.rule,
          ...(error.field ? { errors: [{ field: `data.${error.field}`, message: error.message }] } : {}),
        })
      : undefined,
  (error) =>
    error instanceof StepNotPermitted ? new ProblemError(403, 'Forbidden', error.message) : undefined,
  (error) => (error instanceof CaseNotFound ? new ProblemError(404, 'Not Found', 'no such case') : undefined),
  (error) =>
    error instanceof StaleRevision
      ? new ProblemError(412, 'Precondition Failed', error.message, { currentRevision: error.actual ?? null })
      : undefined,
  (error) =>
    error instanceof WrongExpectedVersionError
      ? new ProblemError(409, 'Conflict', 'someone changed the case meanwhile; read it again and retry', {
          currentRevision: error.actual ?? null,
        })
      : undefined,
  (error) =>
    error instanceof DuplicateEventIdError
      ? new ProblemError(409, 'Conflict', 'these events were already recorded differently')
      : undefined,
  (error) =>
    error instanceof InvalidAppendError ? new ProblemError(400, 'Bad Request', error.message) : undefined,
  (error) =>
    error instanceof SubjectErasedError
      ? new ProblemError(422, 'Unprocessable Content', 'a person in this request was erased at their request')
      : undefined,
];

export interface CaseApiOptions {
  readonly application: CaseApplication;
  readonly verifier: TokenVerifier;
  readonly idempotency: IdempotencyKeys;
  /** Every read of a case is recorded, as the gateway records its reads. */
  readonly accessLog: AccessLog;
}

export function caseRoutes({ application, verifier, idempotency, accessLog }: CaseApiOptions): Router {
  const router = Router();
  router.use('/cases', authenticate(verifier));

  streamCommandRoutes(router, {
    collection: 'cases',
    idName: 'caseId',
    idempotency,
    create: {
      schema: ReceiveReportBody,
      idOf: (report) => report.caseId,
      handle: (caseId, report, context) =>
        application.handle(caseId, { type: 'ReceiveReport', data: report }, context),
      // The number the receipt gives (decision 0051).
      answer: (outcome) => (outcome.caseNumber ? { caseNumber: outcome.caseNumber } : {}),
    },
    command: {
      schema: CaseCommand,
      creationType: 'ReceiveReport',
      handle: (caseId, command, context) => application.handle(caseId, command, context),
    },
  });

  router.get('/cases/:caseId', async (request, response) => {
    const caseId = CaseIdParam.safeParse(request.params.caseId);
    if (!caseId.success) throw invalidRequest(caseId.error, 'caseId');
    const caller = callerOf(response.locals);
    const loaded = await application.load(caseId.data);
    // An unauthorised reader gets the same answer as for a case that does not exist.
    if (!canReadCase(caller, loaded.state)) throw new ProblemError(404, 'Not Found', 'no such case');
    const { state } = loaded;
    const revision = loaded.revision ?? 0;
    // Through the matrix like a GraphQL read of the case (the same facts), and recorded like one.
    accessLog.record({
      viewer: actorFor(caller, state.communeCode),
      data: {
        caseId: caseId.data,
        viewedAt: application.now().toISOString(),
        lens: caller.role,
        operation: 'GET /cases/:caseId',
        parts: ['case'],
      },
    });
    response
      .set('etag', etagOf(revision))
      .json(caseSummary(caller.role, { caseId: caseId.data, revision, state }, application.deadlines(state)));
  });
  return router;
}
