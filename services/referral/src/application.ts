import type { EventStore } from '@chungtay/event-store';
import { type CaseStreamCommandOptions, CaseStreamWriter } from './case-stream-writer.ts';
import {
  decideReferral,
  evolveReferrals,
  initialReferralsState,
  type Referral,
  type ReferralCommand,
  ReferralNotFound,
  type ReferralsState,
} from './referrals.ts';

export interface ReferralOutcome {
  readonly referral: Referral;
  readonly revision: number;
  readonly events: readonly string[];
}

/** Referral commands on a case's stream, decided against the latest case (see `CaseStreamWriter`). */
export class ReferralApplication {
  private readonly writer: CaseStreamWriter<{ referralId: string; command: ReferralCommand }, ReferralsState>;

  constructor(
    readonly store: EventStore,
    clock: () => Date = () => new Date(),
  ) {
    this.writer = new CaseStreamWriter(
      store,
      {
        initial: initialReferralsState,
        evolve: evolveReferrals,
        decide: ({ referralId, command }, state, context) =>
          decideReferral(command, state, { ...context, referralId }),
        caseOf: (state) => state.caseState,
      },
      clock,
    );
  }

  load(caseId: string) {
    return this.writer.load(caseId);
  }

  async handle(
    caseId: string,
    referralId: string,
    command: ReferralCommand,
    options: CaseStreamCommandOptions,
  ): Promise<ReferralOutcome> {
    const outcome = await this.writer.handle(caseId, { referralId, command }, options);
    const referral = outcome.state.referrals[referralId];
    if (!referral) throw new ReferralNotFound('no such referral on this case');
    return { referral, revision: outcome.revision, events: outcome.events };
  }
}
