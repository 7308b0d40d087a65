import type { WorkingCalendar } from '@chungtay/calendar';
import type { CaseCommand, CaseEventType } from '@chungtay/contracts';
import {
  type Actor,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '@chungtay/event-store';
import { canSeeCase } from '@chungtay/policy';
import {
  appendDecided,
  appliedEarlier,
  type Caller,
  type FoldedStream,
  foldStream,
} from '@chungtay/service-kit';
import type { DeadlinePolicy } from './case/deadline-policy.ts';
import { type Deadline, deadlinesOf, workingDaysLeft } from './case/deadlines.ts';
import { decide } from './case/decide.ts';
import { CaseNotFound, CaseRuleViolation } from './case/errors.ts';
import { CaseNumbers, yearInVietNam } from './case/numbering.ts';
import { type CaseState, caseFactsOf, evolve, initialCaseState } from './case/state.ts';

export const caseStream = (caseId: string) => `case-${caseId}`;

export type LoadedCase = FoldedStream<CaseState>;

/** A process of the platform itself (the deadline watcher), acting as agency `system`. */
export interface SystemCaller {
  readonly system: string;
}

export interface CommandOptions {
  readonly caller: Caller | SystemCaller;
  /** The revision the caller read (If-Match); undefined for a new case. */
  readonly expectedRevision?: number;
  /** Seeds deterministic event ids for an idempotent request. */
  readonly idempotency?: { readonly userId: string; readonly key: string; readonly startedAtMs: number };
  readonly correlationId?: string;
  readonly traceparent?: string;
}

export interface CommandResult {
  readonly revision: number;
  readonly position?: GlobalPosition;
  readonly events: readonly CaseEventType[];
  /** A new case's number (decision 0051). */
  readonly caseNumber?: string;
}

/** The caller's revision was stale when read: HTTP 412. `record` says which: the case, the child record. */
export class StaleRevision extends Error {
  override readonly name = 'StaleRevision';
  constructor(
    readonly expected: number | undefined,
    readonly actual: number | undefined,
    record = 'the case',
  ) {
    super(`${record} is at revision ${actual ?? 'none'}, not ${expected ?? 'none'}`);
  }
}

/** Who may read a case's state: the policy's scope (its commune, involved agencies, the province, auditors). */
export function canReadCase(caller: Caller, state: CaseState): boolean {
  if (state.status === 'NONE') return false;
  return canSeeCase(caller, caseFactsOf(state));
}

/**
 * Whether a caller may learn that a stream exists: they see it under the policy, or they wrote to it (the
 * hotline operator who received the report). Everyone else is answered as for a stream that does not
 * exist, before any revision or rule is checked, so a write is no oracle of existence.
 */
export function knowsStream(
  caller: Caller | SystemCaller,
  events: readonly RecordedEvent[],
  seesIt: (caller: Caller) => boolean,
): boolean {
  if ('system' in caller) return true;
  return seesIt(caller) || events.some((event) => event.metadata.actor.userId === caller.userId);
}

/**
 * The actor of an event: the caller, in the case's commune when they work for it, else in the commune the
 * case is offered to when they work for that one (decision 0058).
 */
export function actorFor(
  caller: Caller | SystemCaller,
  caseCommune: string | undefined,
  offeredTo?: string,
): Actor {
  if ('system' in caller) return { userId: caller.system, agency: 'system', role: 'system' };
  const communeCode = [caseCommune, offeredTo, caller.communes[0]].find(
    (code) => code !== undefined && caller.communes.includes(code),
  );
  return {
    userId: caller.userId,
    agency: caller.agency,
    role: caller.role,
    ...(caller.unit ? { unit: caller.unit } : {}),
    ...(communeCode ? { communeCode } : {}),
  };
}

/**
 * Loads a case, decides and appends with the revision it read: the append is the commit, and a lost race is
 * a WrongExpectedVersionError, never a later compensation.
 */
export class CaseApplication {
  constructor(
    readonly store: EventStore,
    private readonly policy: DeadlinePolicy,
    private readonly calendar: WorkingCalendar,
    private readonly clock: () => Date = () => new Date(),
    /** Destroys a data subject's key (the protected store's `eraseSubject`); none: erasure is refused. */
    private readonly eraseSubject?: (subjectId: string, reason: string) => Promise<void>,
  ) {
    this.numbers = new CaseNumbers(store);
  }

  private readonly numbers: CaseNumbers;

  load(caseId: string, upTo?: { revision?: number }): Promise<LoadedCase> {
    // The case's state holds no personal data: nothing is opened to decide or to summarise.
    return foldStream(this.store, caseStream(caseId), initialCaseState, evolve, upTo?.revision, {
      sealed: true,
    });
  }

  /** The service's clock (fixed in tests). */
  now(): Date {
    return this.clock();
  }

  deadlines(state: CaseState, now = this.clock()): Deadline[] {
    return deadlinesOf(state, now, this.policy, this.calendar);
  }

  /** Working days left to a working-day deadline, by the service's own calendar (null otherwise). */
  workingDaysLeft(deadline: Deadline, now = this.clock()): number | null {
    return workingDaysLeft(deadline, now, this.calendar);
  }

  async handle(caseId: string, command: CaseCommand, options: CommandOptions): Promise<CommandResult> {
    const loaded = await this.load(caseId);
    const creating = command.type === 'ReceiveReport';
    if (!creating) {
      const known =
        loaded.revision !== undefined &&
        knowsStream(options.caller, loaded.events, (caller) => canReadCase(caller, loaded.state));
      if (!known) throw new CaseNotFound('no such case');
    }
    // A retry of a request whose events were stored before its answer was lost (a crash) is answered as
    // applied, before the revision it names is compared with one its own first attempt moved on.
    if (command.type === 'ErasePersonData' && !this.eraseSubject)
      throw new CaseRuleViolation('erasure_unavailable', 'this store keeps no keys to destroy');
    const earlier = appliedEarlier(loaded.events, options.idempotency);
    if (earlier) {
      if (command.type === 'ErasePersonData') await this.shred(command.data);
      return {
        revision: earlier.revision,
        events: earlier.types as CaseEventType[],
        ...(creating && loaded.state.caseNumber ? { caseNumber: loaded.state.caseNumber } : {}),
      };
    }
    if (options.expectedRevision !== loaded.revision && !creating) {
      throw new StaleRevision(options.expectedRevision, loaded.revision);
    }
    const now = this.clock();
    const actor = actorFor(options.caller, loaded.state.communeCode, loaded.state.transfer?.toCommuneCode);
    const context = { now, actor, policy: this.policy, calendar: this.calendar };
    let decided = decide(command, loaded.state, context);
    let caseNumber: string | undefined;
    if (command.type === 'ReceiveReport') {
      // Judged first, numbered after: a refused report takes no number; a retried one keeps its own.
      const { caseId: id, incidentCommuneCode, receivedAt } = command.data;
      caseNumber = await this.numbers.reserve(id, incidentCommuneCode, yearInVietNam(receivedAt), actor, now);
      decided = decide(command, loaded.state, { ...context, caseNumber });
    }
    try {
      const appended = await appendDecided(this.store, caseStream(caseId), loaded, decided, {
        ...options,
        actor,
        now,
      });
      // Recorded first, then shredded: a crash in between is repaired by sending the erasure again.
      if (command.type === 'ErasePersonData') await this.shred(command.data);
      return {
        ...appended,
        events: decided.map((event) => event.type),
        ...(caseNumber ? { caseNumber } : {}),
      };
    } catch (error) {
      // Two attempts of one request raced (a retry took over one still running): the other one stored it.
      if (error instanceof WrongExpectedVersionError && options.idempotency) {
        const stored = appliedEarlier((await this.load(caseId)).events, options.idempotency);
        if (stored)
          return {
            revision: stored.revision,
            events: stored.types as CaseEventType[],
            ...(caseNumber ? { caseNumber } : {}),
          };
      }
      throw error;
    }
  }

  private async shred(erasure: { subjectId: string; grounds: string; reference: string }): Promise<void> {
    await this.eraseSubject?.(erasure.subjectId, `${erasure.grounds} ${erasure.reference}`);
  }
}
