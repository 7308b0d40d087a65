import { canSeeCase } from '@chungtay/policy';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { CaseChange } from '../live.ts';
import { CASE_ID, readerOf, visibleTo } from './case.ts';

const CaseChangeRef = builder.objectRef<CaseChange>('CaseChange').implement({
  description:
    'A case in the subscriber’s reach changed: which, and its revision now. Read it again through your lens for what changed.',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    revision: t.exposeInt('revision'),
  }),
});

builder.subscriptionType({
  description: 'Pushed over server-sent events (GraphQL over SSE): no page polls.',
  fields: (t) => ({
    caseChanged: t.field({
      type: CaseChangeRef,
      description:
        'Each change to this case while the subscriber may see it; a case out of reach is refused like one that does not exist.',
      authScopes: { authenticated: true },
      args: { id: t.arg.id({ required: true }) },
      subscribe: async (_root, { id }, context) => {
        const caseId = String(id);
        if (!CASE_ID.test(caseId) || !visibleTo(context, (await context.cases.load(caseId)).state))
          throw new GraphQLError('no such case', { extensions: { code: 'NOT_FOUND' } });
        const reader = readerOf(context);
        return context.changes.follow(
          (change) => change.caseId === caseId && canSeeCase(reader, change.facts),
        );
      },
      resolve: (change) => change,
    }),
    queueChanged: t.field({
      type: CaseChangeRef,
      description: 'Each change to any case in the subscriber’s reach (their work queue may have changed).',
      authScopes: { authenticated: true },
      subscribe: (_root, _args, context) => {
        const reader = readerOf(context);
        return context.changes.follow((change) => canSeeCase(reader, change.facts));
      },
      resolve: (change) => change,
    }),
  }),
});
