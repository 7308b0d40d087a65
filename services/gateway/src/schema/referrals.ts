import { IssueReferralData } from '@chungtay/contracts';
import { referralActions } from '@chungtay/referral';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { InboxReferral } from '../read-model/case-queue.ts';
import { inputTypeOf, withoutNulls } from './contract-types.ts';
import { CommandResultRef } from './mutations.ts';

const ReferralInput = inputTypeOf('IssueReferral', IssueReferralData);

const ReferralRef = builder.objectRef<InboxReferral>('Referral').implement({
  description:
    'A referral as an inbox lists it: to whom, its state, when it is due, who holds it. Its reason and outcome are on the case’s timeline, through the lens.',
  fields: (t) => ({
    referralId: t.exposeID('referralId'),
    caseId: t.exposeID('caseId'),
    toAgency: t.exposeString('toAgency'),
    status: t.exposeString('status'),
    urgency: t.exposeString('urgency'),
    dueAt: t.string({ resolve: (referral) => referral.dueAt.toISOString() }),
    issuedAt: t.string({ resolve: (referral) => referral.issuedAt.toISOString() }),
    heldBy: t.exposeString('heldBy', {
      nullable: true,
      description: 'The subject id of the officer holding it.',
    }),
    escalated: t.exposeBoolean('escalated'),
    outcome: t.exposeString('outcome', { nullable: true }),
  }),
});

const ReferralAction = builder.enumType('ReferralAction', {
  description:
    'A step on a referral: the receiving agency claims, accepts or declines, starts, completes; the sender withdraws.',
  values: Object.keys(referralActions) as Array<keyof typeof referralActions>,
});

builder.queryFields((t) => ({
  referralInbox: t.connection({
    type: ReferralRef,
    description:
      'Referrals to the caller’s agency, the nearest due first; for commune staff, the referrals on their communes’ cases (what they sent); for the provincial coordinator, the escalated ones.',
    authScopes: { authenticated: true },
    args: { status: t.arg.string({ description: 'Only referrals in this status (OFFERED, CLAIMED, …).' }) },
    resolve: (_root, args, context) =>
      resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ limit, offset }) =>
        context.queue.inbox(
          context.caller.role === 'provincial_coordinator'
            ? { kind: 'escalated' }
            : context.caller.agency === 'commune'
              ? { kind: 'issued-in', communes: context.caller.communes }
              : { kind: 'to-agency', agency: context.caller.agency },
          { limit, offset, ...(args.status ? { status: args.status } : {}) },
        ),
      ),
  }),
}));

builder.mutationFields((t) => ({
  issueReferral: t.field({
    type: CommandResultRef,
    description:
      'J3: refer the child to an agency (legal aid, health, police, school, …). Returns the referral id.',
    authScopes: { authenticated: true },
    args: {
      caseId: t.arg.id({ required: true }),
      referral: t.arg({ type: ReferralInput, required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, { caseId, referral, idempotencyKey }, context) =>
      context.referralService.post(
        `/cases/${encodeURIComponent(String(caseId))}/referrals`,
        withoutNulls(referral),
        { token: context.caller.token, ...(idempotencyKey ? { idempotencyKey } : {}) },
        'referralId',
      ),
  }),
  referralAction: t.field({
    type: CommandResultRef,
    description:
      'J3: claim (exactly one officer wins; the other is told who holds it), accept, decline, start, complete, withdraw.',
    authScopes: { authenticated: true },
    args: {
      caseId: t.arg.id({ required: true }),
      referralId: t.arg.id({ required: true }),
      action: t.arg({ type: ReferralAction, required: true }),
      data: t.arg({ type: 'JSON' }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, { caseId, referralId, action, data, idempotencyKey }, context) =>
      context.referralService.post(
        `/cases/${encodeURIComponent(String(caseId))}/referrals/${encodeURIComponent(String(referralId))}/${action}`,
        data ?? {},
        { token: context.caller.token, ...(idempotencyKey ? { idempotencyKey } : {}) },
        'referralId',
      ),
  }),
}));
