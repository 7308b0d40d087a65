import { ChildRegistered, PersonalIdNumber } from '@chungtay/contracts';
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
import { availableChildSteps, ChildCommand } from './child.ts';
import { childRecordOf } from './record.ts';

const RegisterBody = ChildCommand.options[0].shape.data;
const ChildIdParam = z.uuid();
/** A search by the whole name or the ID number: in the body, so neither is in a URL or an access log. */
const SearchBody = z
  .object({
    fullName: ChildRegistered.shape.fullName.options[0].optional(),
    personalIdNumber: PersonalIdNumber.optional(),
  })
  .strict()
  .refine((search) => (search.fullName === undefined) !== (search.personalIdNumber === undefined), {
    message: 'give the full name or the personal ID number',
    path: ['fullName'],
  });
const SEARCH_LIMIT = 20;

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

  /** The record as its page shows it, through the matrix: the child's identity masked for those who see it so. */
  const recordOf = async (childId: string, caller: ReturnType<typeof callerOf>, operation: string) => {
    const { state, revision, events } = await application.load(childId);
    // Recorded like a read of a case: who, through which lens, when (issue 16, item 2).
    options.accessLog.recordChildRead({
      viewer: actorFor(caller, state.communeCode),
      data: { childId, viewedAt: application.now().toISOString(), lens: caller.role, operation },
    });
    // The child's identity (birth year, sex, name, ID number) through the matrix: masked for the province and
    // auditors, as the gateway masks a child's identity on the timeline.
    const visible = accessTo(caller.role, 'child_identity') === 'visible';
    const view = childRecordOf(events);
    const shown = visible ? state : { ...state, birthYear: MASKED, sex: MASKED };
    return {
      revision,
      body: {
        childId,
        revision,
        ...shown,
        registeredAt: view.registeredAt,
        details: visible ? view.details : MASKED,
        support: view.support,
        duplicates: view.duplicates,
        availableSteps: availableChildSteps(state, actorFor(caller, state.communeCode)),
      },
    };
  };

  router.post('/children/search', async (request, response) => {
    const search = SearchBody.safeParse(request.body);
    if (!search.success) throw invalidRequest(search.error);
    const caller = callerOf(response.locals);
    const found = await application.search(search.data, caller, SEARCH_LIMIT);
    const records = await Promise.all(
      found.map(async (childId) => (await recordOf(childId, caller, 'POST /children/search')).body),
    );
    response.json({ children: records });
  });

  router.get('/children/:childId', async (request, response) => {
    const childId = ChildIdParam.safeParse(request.params.childId);
    if (!childId.success) throw invalidRequest(childId.error, 'childId');
    const caller = callerOf(response.locals);
    if (!(await application.readable(childId.data, caller)))
      throw new ProblemError(404, 'Not Found', 'no such child');
    const { revision, body } = await recordOf(childId.data, caller, 'GET /children/:childId');
    response.set('etag', etagOf(revision ?? 0)).json(body);
  });
  return router;
}
