import { type CaseState, evolve as evolveCase, initialCaseState } from '@chungtay/case';
import {
  agencyOfRole,
  type CaseEvent,
  IssueReferralData,
  ReferralCompleted,
  ReferralIssued,
  type Role,
} from '@chungtay/contracts';
import type { Actor, Agency } from '@chungtay/event-store';
import { z } from 'zod';

export type ReferralStatus =
  | 'OFFERED'
  | 'CLAIMED'
  | 'ACCEPTED'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'DECLINED'
  | 'WITHDRAWN';

export interface Referral {
  readonly referralId: string;
  readonly toAgency: Agency;
  /** The unit it is addressed to; none: any unit of the agency serving the case's commune (decision 0044). */
  readonly toUnit?: string;
  readonly issuedBy: Actor;
  readonly status: ReferralStatus;
  readonly dueAt: string;
  /** The officer holding it (their token's subject), once claimed. */
  readonly heldBy?: string;
  readonly escalated: boolean;
  readonly taskId?: string;
}

/** What the referral decider knows of a case: the case itself (by the case service's own `evolve`) and its referrals. */
export interface ReferralsState {
  readonly caseState: CaseState;
  readonly referrals: Readonly<Record<string, Referral>>;
}

export const initialReferralsState = (): ReferralsState => ({ caseState: initialCaseState(), referrals: {} });

/** Folds one event of the case stream, with the actor who wrote it (a claim is held by its writer). */
export function evolveReferrals(state: ReferralsState, event: CaseEvent, actor: Actor): ReferralsState {
  const caseState = evolveCase(state.caseState, event, actor);
  const update = (referralId: string, change: Partial<Referral>): ReferralsState => {
    const referral = state.referrals[referralId];
    return referral
      ? { caseState, referrals: { ...state.referrals, [referralId]: { ...referral, ...change } } }
      : { ...state, caseState };
  };
  switch (event.type) {
    case 'ReferralIssued':
      return {
        caseState,
        referrals: {
          ...state.referrals,
          [event.data.referralId]: {
            referralId: event.data.referralId,
            toAgency: event.data.toAgency,
            ...(event.data.toUnit ? { toUnit: event.data.toUnit } : {}),
            issuedBy: actor,
            status: 'OFFERED',
            dueAt: event.data.dueAt,
            escalated: false,
            ...(event.data.taskId ? { taskId: event.data.taskId } : {}),
          },
        },
      };
    case 'ReferralClaimed':
      return update(event.data.referralId, { status: 'CLAIMED', heldBy: actor.userId });
    case 'ReferralAccepted':
      return update(event.data.referralId, { status: 'ACCEPTED' });
    case 'ReferralDeclined':
      return update(event.data.referralId, { status: 'DECLINED' });
    case 'ReferralStarted':
      return update(event.data.referralId, { status: 'IN_PROGRESS' });
    case 'ReferralCompleted':
      return update(event.data.referralId, { status: 'COMPLETED' });
    case 'ReferralWithdrawn':
      return update(event.data.referralId, { status: 'WITHDRAWN' });
    case 'ReferralEscalated':
      return update(event.data.referralId, { escalated: true });
    default:
      return { ...state, caseState };
  }
}

const IssueData = IssueReferralData.extend({
  source: ReferralIssued.shape.source.optional(),
  taskId: ReferralIssued.shape.taskId,
});

/** Commands on referrals; who acts and when come from the token and the clock, never from the body. */
export const ReferralCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('IssueReferral'), data: IssueData }),
  z.object({ type: z.literal('ClaimReferral'), data: z.object({}).strict() }),
  z.object({ type: z.literal('AcceptReferral'), data: z.object({}).strict() }),
  z.object({
    type: z.literal('DeclineReferral'),
    data: z.object({ reason: z.string().trim().min(1).max(10_000) }),
  }),
  z.object({ type: z.literal('StartReferral'), data: z.object({}).strict() }),
  z.object({
    type: z.literal('CompleteReferral'),
    data: ReferralCompleted.pick({ outcome: true, summary: true }),
  }),
  z.object({
    type: z.literal('WithdrawReferral'),
    data: z.object({ reason: z.string().trim().min(1).max(10_000) }),
  }),
  z.object({ type: z.literal('EscalateReferral'), data: z.object({}).strict() }),
]);
export type ReferralCommand = z.infer<typeof ReferralCommand>;
export type ReferralCommandType = ReferralCommand['type'];

/** The actions an officer of the receiving agency takes, as they appear in URLs and the GraphQL enum. */
export const referralActions = {
  claim: 'ClaimReferral',
  accept: 'AcceptReferral',
  decline: 'DeclineReferral',
  start: 'StartReferral',
  complete: 'CompleteReferral',
  withdraw: 'WithdrawReferral',
} as const satisfies Record<string, ReferralCommandType>;

export class ReferralNotFound extends Error {
  override readonly name = 'ReferralNotFound';
}
/** Another officer holds the referral: HTTP 409 naming who (their subject id, never a name). */
export class ReferralHeld extends Error {
  override readonly name = 'ReferralHeld';
  constructor(readonly heldBy: string) {
    super(`the referral is held by ${heldBy}`);
  }
}
export class ReferralRuleViolation extends Error {
  override readonly name = 'ReferralRuleViolation';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
export class ReferralStepNotPermitted extends Error {
  override readonly name = 'ReferralStepNotPermitted';
}

export interface ReferralContext {
  readonly now: Date;
  readonly actor: Actor;
  readonly referralId: string;
}

/** Who issues referrals: the case's commune officer and chair, the province, and the platform's reactions. */
const ISSUERS: readonly Role[] = ['commune_officer', 'commune_chair', 'provincial_coordinator'];
const OPEN: readonly ReferralStatus[] = ['OFFERED', 'CLAIMED', 'ACCEPTED', 'IN_PROGRESS'];

/** Why the actor may not refer this case now, or nothing when they may: `decideReferral`'s rule and the console's. */
function issueRefusal(caseState: CaseState, actor: Actor): Error | undefined {
  if (actor.agency !== 'system') {
    if (!ISSUERS.includes(actor.role as Role))
      return new ReferralStepNotPermitted('your role does not issue referrals');
    if (actor.role !== 'provincial_coordinator' && actor.communeCode !== caseState.communeCode)
      return new ReferralStepNotPermitted('only the case’s commune issues its referrals');
  }
  if (caseState.status === 'CLOSED')
    return new ReferralRuleViolation('case-closed', 'a closed case takes no new referral; reopen it first');
  if (!caseState.childId) return new ReferralRuleViolation('no-child', 'the case names no child');
  return undefined;
}

/** Whether the console offers this person "refer to an agency" on the case (the service still judges it). */
export const mayIssueReferrals = (caseState: CaseState, actor: Actor): boolean =>
  caseState.status !== 'NONE' && !issueRefusal(caseState, actor);

/** Decides a referral command against the case and its referrals. Pure: the clock and the actor are given. */
export function decideReferral(
  command: ReferralCommand,
  state: ReferralsState,
  context: ReferralContext,
): CaseEvent[] {
  const { actor, now, referralId } = context;
  const at = now.toISOString();
  const { caseState } = state;
  if (caseState.status === 'NONE') throw new ReferralNotFound('no such case');
  const isSystem = actor.agency === 'system';

  if (command.type === 'IssueReferral') {
    const existing = state.referrals[referralId];
    // The same referral issued again (a reaction redelivered, a retried request): nothing more to record.
    if (existing) {
      if (existing.toAgency === command.data.toAgency) return [];
      throw new ReferralRuleViolation('referral-id-taken', 'this referral id is used for another referral');
    }
    const refused = issueRefusal(caseState, actor);
    if (refused) throw refused;
    // A person who sets a due time already past made a mistake. The platform's own reaction may come late
    // (a report recorded after its legal window): it is issued all the same, with the legal due time, and
    // escalated at once (decision 0033).
    const late = Date.parse(command.data.dueAt) <= now.getTime();
    if (late && !isSystem) throw new ReferralRuleViolation('due-in-past', 'dueAt must be later than now');
    const { source, ...data } = command.data;
    const escalation = late
      ? [
          {
            type: 'ReferralEscalated' as const,
            data: {
              referralId,
              escalatedAt: at,
              dueAt: command.data.dueAt,
              toRole: 'provincial_coordinator' as const,
            },
          },
        ]
      : [];
    return [
      {
        type: 'ReferralIssued',
        data: {
          ...data,
          childId: caseState.childId as string, // issueRefusal: the case names its child
          issuedAt: at,
          source: isSystem ? (source ?? 'OFFICER') : 'OFFICER',
        },
      },
      ...escalation,
    ];
  }

  const referral = state.referrals[referralId];
  if (!referral) throw new ReferralNotFound('no such referral on this case');
  const ofReceivingAgency = !isSystem && agencyOfRole[actor.role as Role] === referral.toAgency;
  const mustHold = () => {
    if (!ofReceivingAgency)
      throw new ReferralStepNotPermitted('only the receiving agency acts on a referral');
    if (referral.heldBy !== actor.userId) throw new ReferralHeld(referral.heldBy ?? 'nobody: claim it first');
  };
  const inStatus = (allowed: readonly ReferralStatus[], step: string) => {
    if (!allowed.includes(referral.status))
      throw new ReferralRuleViolation(
        `${step}-not-allowed`,
        `a referral ${referral.status.toLowerCase()} cannot be ${step}`,
      );
  };

  switch (command.type) {
    case 'ClaimReferral':
      if (!ofReceivingAgency)
        throw new ReferralStepNotPermitted('only the receiving agency claims a referral');
      if (referral.toUnit !== undefined && actor.unit !== referral.toUnit)
        throw new ReferralStepNotPermitted('this referral is addressed to another unit of your agency');
      inStatus(['OFFERED', 'CLAIMED', 'ACCEPTED', 'IN_PROGRESS'], 'claimed');
      if (referral.heldBy) {
        if (referral.heldBy === actor.userId) return []; // claimed already, by the same officer
        throw new ReferralHeld(referral.heldBy);
      }
      return [{ type: 'ReferralClaimed', data: { referralId, claimedAt: at } }];
    case 'AcceptReferral':
      mustHold();
      inStatus(['CLAIMED'], 'accepted');
      return [{ type: 'ReferralAccepted', data: { referralId, acceptedAt: at } }];
    case 'DeclineReferral':
      mustHold();
      inStatus(['CLAIMED'], 'declined');
      return [
        { type: 'ReferralDeclined', data: { referralId, declinedAt: at, reason: command.data.reason } },
      ];
    case 'StartReferral':
      mustHold();
      inStatus(['ACCEPTED'], 'started');
      return [{ type: 'ReferralStarted', data: { referralId, startedAt: at } }];
    case 'CompleteReferral':
      mustHold();
      inStatus(['ACCEPTED', 'IN_PROGRESS'], 'completed');
      return [
        {
          type: 'ReferralCompleted',
          data: { referralId, childId: caseState.childId ?? '', completedAt: at, ...command.data },
        },
      ];
    case 'WithdrawReferral': {
      const issuerSide =
        actor.role === 'provincial_coordinator' ||
        (['commune_officer', 'commune_chair'].includes(actor.role) &&
          actor.communeCode === caseState.communeCode);
      if (!issuerSide)
        throw new ReferralStepNotPermitted('only the issuing commune or the province withdraws a referral');
      inStatus(OPEN, 'withdrawn');
      return [
        { type: 'ReferralWithdrawn', data: { referralId, withdrawnAt: at, reason: command.data.reason } },
      ];
    }
    case 'EscalateReferral':
      if (!isSystem) throw new ReferralStepNotPermitted('escalation is the platform’s');
      // Once, and only while unanswered: offered, or claimed but not yet accepted.
      if (referral.escalated || !['OFFERED', 'CLAIMED'].includes(referral.status)) return [];
      if (Date.parse(referral.dueAt) > now.getTime()) return [];
      return [
        {
          type: 'ReferralEscalated',
          data: { referralId, escalatedAt: at, dueAt: referral.dueAt, toRole: 'provincial_coordinator' },
        },
      ];
  }
}

/** Referrals past their due date that nobody accepted (offered, or claimed and not accepted) at `now`. */
export const unanswered = (
  referrals: Readonly<Record<string, Referral>>,
  now: Date,
): Array<Pick<Referral, 'referralId' | 'toAgency' | 'status' | 'dueAt' | 'escalated'>> =>
  Object.values(referrals)
    .filter(
      (referral) =>
        ['OFFERED', 'CLAIMED'].includes(referral.status) && Date.parse(referral.dueAt) < now.getTime(),
    )
    .map(({ referralId, toAgency, status, dueAt, escalated }) => ({
      referralId,
      toAgency,
      status,
      dueAt,
      escalated,
    }));
