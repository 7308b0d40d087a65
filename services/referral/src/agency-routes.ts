import {
  authenticate,
  callerOf,
  type IdempotencyKeys,
  invalidRequest,
  respondOnce,
  type TokenVerifier,
} from '@chungtay/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { CaseStreamWriter } from './case-stream-writer.ts';

const CaseIdParam = z.uuid();

/**
 * `POST /cases/:caseId/<collection>` with `{ type, data }`: an agency service's commands on a case, decided
 * against the latest case (no If-Match), once per Idempotency-Key; the answer is the new revision and events.
 */
export function agencyCommandRoutes<Command extends { type: string }, State>(options: {
  readonly collection: string;
  readonly schema: z.ZodType<Command>;
  readonly writer: CaseStreamWriter<Command, State>;
  readonly verifier: TokenVerifier;
  readonly idempotency: IdempotencyKeys;
}): Router {
  const router = Router();
  const path = `/cases/:caseId/${options.collection}`;
  router.use(path, authenticate(options.verifier));
  router.post(path, async (request, response) => {
    const caseId = CaseIdParam.safeParse(request.params.caseId);
    if (!caseId.success) throw invalidRequest(caseId.error, 'caseId');
    const command = options.schema.safeParse(request.body);
    if (!command.success) throw invalidRequest(command.error);
    await respondOnce(request, response, options.idempotency, async (context) => {
      const outcome = await options.writer.handle(caseId.data, command.data, {
        caller: callerOf(response.locals),
        correlationId: context.correlationId,
        ...(context.idempotency ? { idempotency: context.idempotency } : {}),
      });
      return {
        status: 200,
        headers: {},
        body: { caseId: caseId.data, revision: outcome.revision, events: outcome.events },
      };
    });
  });
  return router;
}
