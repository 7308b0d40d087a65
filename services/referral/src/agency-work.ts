import { agencyOfRole, type CaseEvent, type Role } from '@chungtay/contracts';
import type { Actor, Agency } from '@chungtay/event-store';
import {
  evolveReferrals,
  initialReferralsState,
  type Referral,
  ReferralNotFound,
  ReferralRuleViolation,
  ReferralStepNotPermitted,
  type ReferralsState,
} from './referrals.ts';

/** An agency service's view of a case: the case and its referrals (shared), and the agency's own record. */
export interface AgencyState<Own> {
  readonly base: ReferralsState;
  readonly own: Own;
}

/** Builds the initial state and `evolve` of an agency service from its own fold of its own events. */
export function agencyFold<Own>(
  initialOwn: () => Own,
  evolveOwn: (own: Own, event: CaseEvent, writer: Actor) => Own,
) {
  return {
    initial: (): AgencyState<Own> => ({ base: initialReferralsState(), own: initialOwn() }),
    evolve: (state: AgencyState<Own>, event: CaseEvent, writer: Actor): AgencyState<Own> => ({
      base: evolveReferrals(state.base, event, writer),
      own: evolveOwn(state.own, event, writer),
    }),
    caseOf: (state: AgencyState<Own>) => state.base.caseState,
  };
}

/** How far ahead of the server's clock a stated time may be (clocks drift). */
const SKEW_MS = 5 * 60_000;

/** The rules every agency service keeps before its own. */
export const agencyRules = {
  /** The case exists and is not closed. */
  openCase(state: AgencyState<unknown>): void {
    if (state.base.caseState.status === 'NONE') throw new ReferralNotFound('no such case');
    if (state.base.caseState.status === 'CLOSED')
      throw new ReferralRuleViolation('case-closed', 'the case is closed; reopen it first');
  },
  /** The actor works for the agency. */
  ofAgency(actor: Actor, agency: Agency): void {
    if (agencyOfRole[actor.role as Role] !== agency)
      throw new ReferralStepNotPermitted(`only the ${agency} agency records this`);
  },
  /** The agency takes part in the case (a referral to it, a task in the approved plan) before it writes. */
  involved(state: AgencyState<unknown>, agency: Agency): void {
    if (!state.base.caseState.involvedAgencies.includes(agency))
      throw new ReferralStepNotPermitted(`the ${agency} agency is not involved in this case: refer it first`);
  },
  /** A referral to the agency that it has accepted (and not closed). */
  acceptedReferral(state: AgencyState<unknown>, referralId: string, agency: Agency): Referral {
    const referral = state.base.referrals[referralId];
    if (!referral || referral.toAgency !== agency)
      throw new ReferralNotFound(`no referral to ${agency} with this id`);
    if (!['ACCEPTED', 'IN_PROGRESS'].includes(referral.status))
      throw new ReferralRuleViolation(
        'referral-not-accepted',
        `the referral is ${referral.status.toLowerCase()}, not accepted`,
      );
    return referral;
  },
  /**
   * The checks of a service that records once its agency is involved: an open case, the actor of the agency,
   * the agency involved. Returns the case's child, whom every such record is about.
   */
  involvedAgencyStep(state: AgencyState<unknown>, actor: Actor, agency: Agency): string {
    agencyRules.openCase(state);
    agencyRules.ofAgency(actor, agency);
    agencyRules.involved(state, agency);
    return state.base.caseState.childId ?? '';
  },
  /** A stated time is not in the future. */
  notFuture(now: Date, instant: string, field: string): void {
    if (Date.parse(instant) > now.getTime() + SKEW_MS)
      throw new ReferralRuleViolation('in-future', `${field} is in the future`);
  },
};
