import {
  actorFor,
  type CaseState,
  canReadCase,
  caseStream,
  knowsStream,
  type SystemCaller,
} from '@chungtay/case';
import type { CaseEvent } from '@chungtay/contracts';
import {
  type Actor,
  type EventStore,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@chungtay/event-store';
import { alreadyApplied, appendDecided, type Caller, type RequestContext } from '@chungtay/service-kit';
import { ReferralNotFound } from './referrals.ts';

/** A decider over a case's stream: its own view of the case, folded from every event with its writer. */
export interface CaseStreamDecider<Command, State> {
  readonly initial: () => State;
  readonly evolve: (state: State, event: CaseEvent, writer: Actor) => State;
  /** Pure: the clock and the actor are given. Throws to refuse; [] when there is nothing to record. */
  readonly decide: (command: Command, state: State, context: { now: Date; actor: Actor }) => CaseEvent[];
  /** The case as this state knows it: its commune (the actor's is taken from it) and who is involved. */
  readonly caseOf: (state: State) => CaseState;
}

export interface CaseStreamCommandOptions {
  readonly caller: Caller | SystemCaller;
  readonly correlationId?: string;
  readonly idempotency?: RequestContext['idempotency'];
}

export interface CaseStreamOutcome<State> {
  readonly state: State;
  readonly revision: number;
  readonly events: readonly string[];
}

/** Attempts of one command when other writers keep changing the case (each attempt decides afresh). */
const MAX_ATTEMPTS = 8;

/**
 * Writes an agency's events to a case's stream. An agency's step is decided against the latest case, not
 * at a revision the caller read: two writers at once both decide, the store lets one append win, and the
 * other decides again on what the winner wrote (so two officers claiming one referral: one wins, the other
 * learns who holds it). Used by the referral, legal-aid, medical and school-safety services.
 */
export class CaseStreamWriter<Command, State> {
  constructor(
    readonly store: EventStore,
    private readonly decider: CaseStreamDecider<Command, State>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load(
    caseId: string,
  ): Promise<{ state: State; revision: number | undefined; events: readonly RecordedEvent[] }> {
    try {
      const events = await this.store.readStream(caseStream(caseId));
      const state = events.reduce(
        (current, event) =>
          this.decider.evolve(
            current,
            { type: event.type, data: event.data } as CaseEvent,
            event.metadata.actor,
          ),
        this.decider.initial(),
      );
      return { state, revision: events.at(-1)?.revision, events };
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        return { state: this.decider.initial(), revision: undefined, events: [] };
      throw error;
    }
  }

  /** Decides and appends; `revision` is undefined only when the case does not exist (the decider refused). */
  async handle(
    caseId: string,
    command: Command,
    options: CaseStreamCommandOptions,
  ): Promise<CaseStreamOutcome<State>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(caseId);
      const theCase = this.decider.caseOf(loaded.state);
      // Out of the caller's reach, a case is answered as one that does not exist, before any rule speaks.
      const known =
        loaded.revision !== undefined &&
        knowsStream(options.caller, loaded.events, (caller) => canReadCase(caller, theCase));
      if (!known) throw new ReferralNotFound('no such case');
      const actor = actorFor(options.caller, theCase.communeCode);
      const now = this.clock();
      // A retried request whose events were stored before its answer was lost: done already.
      if (loaded.revision !== undefined && alreadyApplied(loaded.events, options.idempotency))
        return { state: loaded.state, revision: loaded.revision, events: [] };
      const decided = this.decider.decide(command, loaded.state, { now, actor });
      if (decided.length === 0 || loaded.revision === undefined)
        return { state: loaded.state, revision: loaded.revision ?? -1, events: [] };
      try {
        const appended = await appendDecided(this.store, caseStream(caseId), loaded, decided, {
          ...options,
          actor,
          now,
        });
        const state = decided.reduce(
          (current, event) => this.decider.evolve(current, event, actor),
          loaded.state,
        );
        return { state, revision: appended.revision, events: decided.map((event) => event.type) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
