import {
  authenticate,
  callerOf,
  type ErrorMapper,
  type IdempotencyKeys,
  invalidRequest,
  ProblemError,
  respondOnce,
  type TokenVerifier,
} from '@chungtay/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { ReferralApplication, ReferralOutcome } from './application.ts';
import {
  ReferralCommand,
  ReferralHeld,
  ReferralNotFound,
  ReferralRuleViolation,
  ReferralStepNotPermitted,
  referralActions,
} from './referrals.ts';

const Ids = z.object({ caseId: z.uuid(), referralId: z.uuid().optional() });
const Action = z.enum(
  Object.keys(referralActions) as [keyof typeof referralActions, ...Array<keyof typeof referralActions>],
);
const IssueBody = ReferralCommand.options[0].shape.data;

const answer = (caseId: string, outcome: ReferralOutcome) => ({
  caseId,
  referralId: outcome.referral.referralId,
  status: outcome.referral.status,
  heldBy: outcome.referral.heldBy ?? null,
  revision: outcome.revision,
  events: outcome.events,
});

export const referralErrorMappers: ErrorMapper[] = [
  (error) =>
    error instanceof ReferralHeld
      ? new ProblemError(409, 'Conflict', error.message, { heldBy: error.heldBy })
      : undefined,
  (error) =>
    error instanceof ReferralNotFound ? new ProblemError(404, 'Not Found', error.message) : undefined,
  (error) =>
    error instanceof ReferralStepNotPermitted ? new ProblemError(403, 'Forbidden', error.message) : undefined,
  (error) =>
    error instanceof ReferralRuleViolation
      ? new ProblemError(422, 'Unprocessable Content', error.message, { rule: error.rule })
      : undefined,
];

/**
 * `POST /cases/:caseId/referrals` issues (201); `POST /cases/:caseId/referrals/:referralId/:action` (claim,
 * accept, decline, start, complete, withdraw) acts on one. No If-Match: a referral's steps are decided against
 * the latest case (a racing claim loses with 409 and the holder's id). Idempotency-Key as everywhere.
 */
export function referralRoutes(options: {
  application: ReferralApplication;
  verifier: TokenVerifier;
  idempotency: IdempotencyKeys;
}): Router {
  const router = Router();
  router.use('/cases/:caseId/referrals', authenticate(options.verifier));
  router.post('/cases/:caseId/referrals', async (request, response) => {
    const ids = Ids.safeParse(request.params);
    if (!ids.success) throw invalidRequest(ids.error);
    const body = IssueBody.safeParse(request.body);
    if (!body.success) throw invalidRequest(body.error);
    const { caseId } = ids.data;
    await respondOnce(request, response, options.idempotency, async (context) => {
      const outcome = await options.application.handle(
        caseId,
        body.data.referralId,
        { type: 'IssueReferral', data: body.data },
        {
          caller: callerOf(response.locals),
          correlationId: context.correlationId,
          ...(context.idempotency ? { idempotency: context.idempotency } : {}),
        },
      );
      return {
        status: 201,
        headers: { location: `/cases/${caseId}/referrals/${body.data.referralId}` },
        body: answer(caseId, outcome),
      };
    });
  });
  router.post('/cases/:caseId/referrals/:referralId/:action', async (request, response) => {
    const ids = Ids.safeParse(request.params);
    if (!ids.success) throw invalidRequest(ids.error);
    const action = Action.safeParse(request.params.action);
    if (!action.success) throw invalidRequest(action.error, 'action');
    const command = ReferralCommand.safeParse({
      type: referralActions[action.data],
      data: request.body ?? {},
    });
    if (!command.success) throw invalidRequest(command.error);
    const { caseId, referralId } = ids.data;
    await respondOnce(request, response, options.idempotency, async (context) => {
      const outcome = await options.application.handle(caseId, referralId as string, command.data, {
        caller: callerOf(response.locals),
        correlationId: context.correlationId,
        ...(context.idempotency ? { idempotency: context.idempotency } : {}),
      });
      return { status: 200, headers: {}, body: answer(caseId, outcome) };
    });
  });
  return router;
}
