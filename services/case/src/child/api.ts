import { accessTo, MASKED } from '@chungtay/policy';
import {
  type AccessLog,
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
import { actorFor } from '../application.ts';
import type { ChildApplication } from './application.ts';
import { ChildCommand } from './child.ts';

const RegisterBody = ChildCommand.options[0].shape.data;
const ChildIdParam = z.uuid();

export function childRoutes(options: {
  application: ChildApplication;
  verifier: TokenVerifier;
  idempotency: IdempotencyKeys;
  accessLog: AccessLog;
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
    const caller = callerOf(response.locals);
    if (!(await application.readable(childId.data, caller)))
      throw new ProblemError(404, 'Not Found', 'no such child');
    const { state, revision } = await application.load(childId.data);
    // Recorded like a read of a case: who, through which lens, when (issue 16, item 2).
    options.accessLog.recordChildRead({
      viewer: actorFor(caller, state.communeCode),
      data: {
        childId: childId.data,
        viewedAt: application.now().toISOString(),
        lens: caller.role,
        operation: 'GET /children/:childId',
      },
    });
    // The child's identity (birth year, sex) through the matrix: masked for the province and auditors, as
    // the gateway masks a child's identity on the timeline.
    const identity = accessTo(caller.role, 'child_identity');
    const shown = identity === 'visible' ? state : { ...state, birthYear: MASKED, sex: MASKED };
    response.set('etag', etagOf(revision ?? 0)).json({ childId: childId.data, revision, ...shown });
  });
  return router;
}
