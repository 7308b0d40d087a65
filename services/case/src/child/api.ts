import { accessTo, MASKED } from '@chungtay/policy';
import {
  authenticate,
  callerOf,
  etagOf,
  type IdempotencyKeys,
  invalidRequest,
  ProblemError,
  streamCommandRoutes,
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

  streamCommandRoutes(router, {
    collection: 'children',
    idName: 'childId',
    idempotency,
    create: {
      schema: RegisterBody,
      idOf: (child) => child.childId,
      handle: (childId, child, context) =>
        application.handle(childId, { type: 'RegisterChild', data: child }, context),
      answer: (outcome) => ({ possibleDuplicates: outcome.possibleDuplicates }),
    },
    command: {
      schema: ChildCommand,
      creationType: 'RegisterChild',
      handle: (childId, command, context) => application.handle(childId, command, context),
    },
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
    // The child's identity (birth year, sex) through the matrix: masked for the province and auditors, as
    // the gateway masks a child's identity on the timeline.
    const identity = accessTo(caller.role, 'child_identity');
    const shown = identity === 'visible' ? state : { ...state, birthYear: MASKED, sex: MASKED };
    response.set('etag', etagOf(revision ?? 0)).json({ childId: childId.data, revision, ...shown });
  });
  return router;
}
