import { actorFor, caseStream, type SystemCaller } from '@chungtay/case';
import type { CaseEvent } from '@chungtay/contracts';
import {
  type EventStore,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@chungtay/event-store';
import { alreadyApplied, type Caller, type RequestContext, toNewEvents } from '@chungtay/service-kit';
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

export interface ReferralCommandOptions {
  readonly caller: Caller | SystemCaller;
  readonly correlationId?: string;
  readonly idempotency?: RequestContext['idempotency'];
}

/** Attempts of one command when other writers keep changing the case (each attempt decides afresh). */
const MAX_ATTEMPTS = 8;

/**
 * Referral commands on a case's stream. A claim is not made "at a revision the caller read": two officers
 * claiming at once both decide against the latest case, the store lets one append win, and the other decides
 * again and learns who holds the referral (409). Other writers to the case are retried the same way.
 */
export class ReferralApplication {
  constructor(
    readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load(
    caseId: string,
  ): Promise<{ state: ReferralsState; revision: number | undefined; events: readonly RecordedEvent[] }> {
    try {
      const events = await this.store.readStream(caseStream(caseId));
      const state = events.reduce(
        (current, event) =>
          evolveReferrals(current, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor),
        initialReferralsState(),
      );
      return { state, revision: events.at(-1)?.revision, events };
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        return { state: initialReferralsState(), revision: undefined, events: [] };
      throw error;
    }
  }

  async handle(
    caseId: string,
    referralId: string,
    command: ReferralCommand,
    options: ReferralCommandOptions,
  ): Promise<ReferralOutcome> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(caseId);
      if (loaded.revision === undefined) throw new ReferralNotFound('no such case');
      const actor = actorFor(options.caller, loaded.state.caseState.communeCode);
      const outcome = (events: readonly string[], revision: number): ReferralOutcome => {
        const referral = loaded.state.referrals[referralId];
        if (!referral) throw new ReferralNotFound('no such referral on this case');
        return { referral, revision, events };
      };
      // A retried request whose events were stored before its answer was lost: done already.
      if (alreadyApplied(loaded.events, options.idempotency)) return outcome([], loaded.revision);
      const decided = decideReferral(command, loaded.state, { now: this.clock(), actor, referralId });
      if (decided.length === 0) return outcome([], loaded.revision);
      try {
        const appended = await this.store.appendToStream(
          caseStream(caseId),
          toNewEvents(decided, {
            actor,
            now: this.clock(),
            ...(options.correlationId ? { correlationId: options.correlationId } : {}),
            ...(options.idempotency ? { idempotency: options.idempotency } : {}),
          }),
          loaded.revision,
        );
        const after = decided.reduce((state, event) => evolveReferrals(state, event, actor), loaded.state);
        const referral = after.referrals[referralId];
        if (!referral) throw new ReferralNotFound('no such referral on this case');
        return {
          referral,
          revision: appended.nextExpectedRevision,
          events: decided.map((event) => event.type),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
