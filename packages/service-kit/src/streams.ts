import { randomUUID } from 'node:crypto';
import { type EventType, eventDefinitions } from '@chungtay/contracts';
import {
  type Actor,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  newEventId,
  ProtectedEventStore,
  type RecordedEvent,
  StreamNotFoundError,
} from '@chungtay/event-store';
import { deterministicEventId } from './idempotency.ts';

export interface FoldedStream<State> {
  readonly state: State;
  /** The stream's revision, or undefined when it does not exist. */
  readonly revision: number | undefined;
  readonly events: readonly RecordedEvent[];
}

/**
 * Reads a stream and folds it with a decider's `evolve` (a missing stream is the initial state). `sealed`:
 * the decider's state holds no personal data, so a protected store's personal fields stay sealed.
 */
export async function foldStream<State, Event>(
  store: EventStore,
  streamId: string,
  initial: () => State,
  evolve: (state: State, event: Event, writer: Actor) => State,
  upToRevision?: number,
  options: { readonly sealed?: boolean } = {},
): Promise<FoldedStream<State>> {
  let events: RecordedEvent[];
  try {
    events =
      options.sealed && store instanceof ProtectedEventStore
        ? await store.readStreamSealed(streamId)
        : await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return { state: initial(), revision: undefined, events: [] };
    throw error;
  }
  if (upToRevision !== undefined) events = events.filter((event) => event.revision <= upToRevision);
  const state = events.reduce(
    (current, event) =>
      evolve(current, { type: event.type, data: event.data } as Event, event.metadata.actor),
    initial(),
  );
  return { state, revision: events.at(-1)?.revision, events };
}

export interface EnvelopeOptions {
  readonly actor: Actor;
  readonly now: Date;
  readonly correlationId?: string;
  readonly traceparent?: string;
  /** Seeds deterministic ids for an idempotent request (every attempt computes the same ids). */
  readonly idempotency?: { readonly userId: string; readonly key: string; readonly startedAtMs: number };
}

/** Decided events in their envelope: ids, the current schema version, who, when, correlation. */
export function toNewEvents(
  decided: ReadonlyArray<{ readonly type: EventType; readonly data: unknown }>,
  options: EnvelopeOptions,
): NewEvent[] {
  const correlationId = options.correlationId ?? randomUUID();
  return decided.map((event, index) => ({
    id: options.idempotency ? deterministicEventId(options.idempotency, index) : newEventId(),
    type: event.type,
    schemaVersion: eventDefinitions[event.type].version,
    data: event.data,
    metadata: {
      actor: options.actor,
      correlationId,
      occurredAt: options.now.toISOString(),
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    },
  }));
}

/** What an earlier attempt of the same idempotent request stored: its events' types and the revision after them. */
export interface EarlierAttempt {
  readonly revision: number;
  readonly types: readonly EventType[];
}

/**
 * A retried idempotent request whose events were stored before its answer was lost (a crash): found by the
 * deterministic ids every attempt computes alike, so the retry is answered as applied, whatever the
 * stream's revision has become since.
 */
export function appliedEarlier(
  events: readonly RecordedEvent[],
  idempotency: EnvelopeOptions['idempotency'],
): EarlierAttempt | undefined {
  if (!idempotency) return undefined;
  const first = deterministicEventId(idempotency, 0);
  const start = events.findIndex((event) => event.id === first);
  if (start < 0) return undefined;
  const stored: RecordedEvent[] = [];
  for (let index = start; index < events.length; index++) {
    const event = events[index] as RecordedEvent;
    if (event.id !== deterministicEventId(idempotency, index - start)) break;
    stored.push(event);
  }
  return {
    revision: (stored.at(-1) as RecordedEvent).revision,
    types: stored.map((event) => event.type as EventType),
  };
}

/** Whether a retried idempotent request already stored its events (its first deterministic id is there). */
export const alreadyApplied = (
  events: readonly RecordedEvent[],
  idempotency: EnvelopeOptions['idempotency'],
): boolean => appliedEarlier(events, idempotency) !== undefined;

export interface AppendedDecision {
  /** The stream's revision after the command (unchanged when nothing was decided). */
  readonly revision: number;
  readonly position?: GlobalPosition;
}

/**
 * Appends what a decider decided with the revision the decision was made on: the append is the commit, and
 * a writer who lost the race gets a WrongExpectedVersionError.
 */
export async function appendDecided(
  store: EventStore,
  streamId: string,
  loaded: FoldedStream<unknown>,
  decided: ReadonlyArray<{ readonly type: EventType; readonly data: unknown }>,
  envelope: EnvelopeOptions,
): Promise<AppendedDecision> {
  if (decided.length === 0) return { revision: loaded.revision ?? -1 };
  const result = await store.appendToStream(
    streamId,
    toNewEvents(decided, envelope),
    loaded.revision === undefined ? 'no_stream' : loaded.revision,
  );
  return { revision: result.nextExpectedRevision, position: result.position };
}
