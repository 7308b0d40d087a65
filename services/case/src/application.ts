import { randomUUID } from 'node:crypto';
import type { WorkingCalendar } from '@chungtay/calendar';
import { type CaseEvent, type CaseEventType, caseEventDefinitions } from '@chungtay/contracts';
import {
  type Actor,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  newEventId,
  type RecordedEvent,
  StreamNotFoundError,
} from '@chungtay/event-store';
import type { Caller } from '@chungtay/service-kit';
import { deterministicEventId } from '@chungtay/service-kit';
import type { CaseCommand } from './case/commands.ts';
import type { DeadlinePolicy } from './case/deadline-policy.ts';
import { type Deadline, deadlinesOf } from './case/deadlines.ts';
import { decide } from './case/decide.ts';
import { CaseNotFound } from './case/errors.ts';
import { type CaseState, evolve, initialCaseState } from './case/state.ts';

export const caseStream = (caseId: string) => `case-${caseId}`;

export interface LoadedCase {
  readonly state: CaseState;
  /** The stream's revision, or undefined when the case does not exist. */
  readonly revision: number | undefined;
  readonly events: readonly RecordedEvent[];
}

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
}

/** The caller's revision was stale when read: HTTP 412. */
export class StaleRevision extends Error {
  override readonly name = 'StaleRevision';
  constructor(
    readonly expected: number | undefined,
    readonly actual: number | undefined,
  ) {
    super(`the case is at revision ${actual ?? 'none'}, not ${expected ?? 'none'}`);
  }
}

/** The actor of an event: the caller, in the case's commune when they work for it. */
export function actorFor(caller: Caller | SystemCaller, caseCommune: string | undefined): Actor {
  if ('system' in caller) return { userId: caller.system, agency: 'system', role: 'system' };
  const communeCode =
    caseCommune && caller.communes.includes(caseCommune) ? caseCommune : (caller.communes[0] ?? undefined);
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
  ) {}

  async load(caseId: string, upTo?: { revision?: number }): Promise<LoadedCase> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(caseStream(caseId));
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        return { state: initialCaseState(), revision: undefined, events: [] };
      throw error;
    }
    if (upTo?.revision !== undefined) events = events.filter((event) => event.revision <= upTo.revision!);
    const state = events.reduce(
      (current, event) =>
        evolve(current, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor.agency),
      initialCaseState(),
    );
    return { state, revision: events.at(-1)?.revision, events };
  }

  deadlines(state: CaseState, now = this.clock()): Deadline[] {
    return deadlinesOf(state, now, this.policy, this.calendar);
  }

  async handle(caseId: string, command: CaseCommand, options: CommandOptions): Promise<CommandResult> {
    const loaded = await this.load(caseId);
    if (loaded.revision === undefined && command.type !== 'ReceiveReport')
      throw new CaseNotFound('no such case');
    if (options.expectedRevision !== loaded.revision && command.type !== 'ReceiveReport') {
      throw new StaleRevision(options.expectedRevision, loaded.revision);
    }
    // A retry of a request whose events were stored before its answer was lost (a crash): done already.
    if (options.idempotency) {
      const firstId = deterministicEventId(options.idempotency, 0);
      if (loaded.events.some((event) => event.id === firstId))
        return { revision: loaded.revision ?? 0, events: [] };
    }
    const now = this.clock();
    const actor = actorFor(options.caller, loaded.state.communeCode);
    const decided = decide(command, loaded.state, {
      now,
      actor,
      policy: this.policy,
      calendar: this.calendar,
    });
    if (decided.length === 0) return { revision: loaded.revision ?? -1, events: [] };
    const correlationId = options.correlationId ?? randomUUID();
    const events: NewEvent[] = decided.map((event, index) => ({
      id: options.idempotency ? deterministicEventId(options.idempotency, index) : newEventId(),
      type: event.type,
      schemaVersion: caseEventDefinitions[event.type].version,
      data: event.data,
      metadata: {
        actor,
        correlationId,
        occurredAt: now.toISOString(),
        ...(options.traceparent ? { traceparent: options.traceparent } : {}),
      },
    }));
    const result = await this.store.appendToStream(
      caseStream(caseId),
      events,
      loaded.revision === undefined ? 'no_stream' : loaded.revision,
    );
    return {
      revision: result.nextExpectedRevision,
      position: result.position,
      events: decided.map((e) => e.type),
    };
  }
}
