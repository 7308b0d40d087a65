import {
  authenticate,
  callerOf,
  etagOf,
  type IdempotencyKeys,
  ifMatchRevision,
  invalidRequest,
  ProblemError,
  respondOnce,
  type TokenVerifier,
} from '@chungtay/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { ChildApplication } from './application.ts';
import { ChildCommand } from './child.ts';

const RegisterBody = ChildCommand.options[0].shape.data;
const ChildIdParam = z.uuid();

export function childRoutes(options: {
  application: ChildApplication;
  verifier: TokenVerifier;
  idempotency: IdempotencyKeys;
}): Router {
  const { application, idempotency } = options;
  const router = Router();
  router.use('/children', authenticate(options.verifier));

  router.post('/children', async (request, response) => {
    const parsed = RegisterBody.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error);
    const childId = parsed.data.childId;
    await respondOnce(request, response, idempotency, async (context) => {
      const result = await application.handle(childId, { type: 'RegisterChild', data: parsed.data }, context);
      return {
        status: 201,
        headers: { location: `/children/${childId}`, etag: etagOf(result.revision) },
        body: {
          childId,
          revision: result.revision,
          events: result.events,
          possibleDuplicates: result.possibleDuplicates,
        },
      };
    });
  });

  router.post('/children/:childId/commands', async (request, response) => {
    const childId = ChildIdParam.safeParse(request.params.childId);
    if (!childId.success) throw invalidRequest(childId.error, 'childId');
    const parsed = ChildCommand.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error);
    if (parsed.data.type === 'RegisterChild') {
      throw new ProblemError(400, 'Bad Request', 'register a child with POST /children', {
        errors: [{ field: 'type', message: 'use POST /children' }],
      });
    }
    const expectedRevision = ifMatchRevision(request.header('if-match'));
    await respondOnce(request, response, idempotency, async (context) => {
      const result = await application.handle(childId.data, parsed.data, { ...context, expectedRevision });
      return {
        status: 200,
        headers: { etag: etagOf(result.revision) },
        body: { childId: childId.data, revision: result.revision, events: result.events },
      };
    });
  });

  router.get('/children/:childId', async (request, response) => {
    const childId = ChildIdParam.safeParse(request.params.childId);
    if (!childId.success) throw invalidRequest(childId.error, 'childId');
    const { state, revision } = await application.load(childId.data);
    const caller = callerOf(response.locals);
    const entitled =
      state.exists &&
      (caller.role === 'provincial_coordinator' ||
        caller.role === 'auditor' ||
        ((caller.role === 'commune_officer' || caller.role === 'commune_chair') &&
          caller.communes.includes(state.communeCode ?? '')));
    if (!entitled) throw new ProblemError(404, 'Not Found', 'no such child');
    response.set('etag', etagOf(revision ?? 0)).json({ childId: childId.data, revision, ...state });
  });
  return router;
}
