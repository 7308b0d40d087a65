import type { EventMetadata } from './metadata.ts';

/**
 * The event store port, modelled on EventStoreDB: streams with revisions, one global log with positions,
 * optimistic concurrency by expected revision, catch-up subscriptions.
 */

/** Expected state of a stream before an append: one of the three named states, or its exact revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/**
 * A place in the global log. As in EventStoreDB it is a pair: on PostgreSQL `commit` is the writing
 * transaction's id (xid8) and `prepare` the row's insertion number; events are ordered by (commit, prepare).
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: GlobalPosition = Object.freeze({ commit: 0n, prepare: 0n });

export const comparePositions = (a: GlobalPosition, b: GlobalPosition): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

export const formatPosition = (position: GlobalPosition): string => `${position.commit}/${position.prepare}`;

export const parsePosition = (text: string): GlobalPosition => {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match)
    throw new TypeError(`not a global position: expected "commit/prepare", got ${JSON.stringify(text)}`);
  return { commit: BigInt(match[1] as string), prepare: BigInt(match[2] as string) };
};

/** An event to append. `id` must be a UUID (UUIDv7 from `newEventId()`); it makes the append idempotent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  /** When the store committed it (the store's clock), ms precision. */
  readonly recordedAt: Date;
  /** Hex SHA-256 of the predecessor in the stream; empty for the first event. */
  readonly previousHash: string;
  /** Hex SHA-256 over the predecessor's hash and this event's stored bytes. */
  readonly hash: string;
}

export interface AppendResult {
  /** The stream's revision after the append (the last appended event's revision). */
  readonly nextExpectedRevision: number;
  /** The global position of the last appended event. */
  readonly position: GlobalPosition;
  /** True when every event already stood at that place: nothing was written. */
  readonly idempotent: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; by default the first (forwards) or last (backwards) event. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadStreamsOptions {
  /** Inclusive start revision per stream; streams not named are read from the start. */
  readonly fromRevisions?: ReadonlyMap<string, number>;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: delivery starts strictly after it. */
  readonly after?: GlobalPosition;
  /** Called once, when the subscription has delivered everything committed at that time. */
  readonly onCaughtUp?: () => void;
  readonly batchSize?: number;
}

/** A catch-up subscription: iterate it; `stop()` ends the iteration. Per-stream order is kept. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface StreamIntegrity {
  readonly streamId: string;
  readonly events: number;
  readonly ok: boolean;
  /** The first event whose link does not hold, and why. */
  readonly firstBrokenLink?: { readonly revision: number; readonly eventId: string; readonly reason: string };
}

/**
 * What a fold needs of a stored event, and no more: a full replay reads millions, and the envelope's
 * positions, hashes and timestamps would cost more to read than the fold itself.
 */
export interface ReplayedEvent<Type extends string = string, Data = unknown> {
  readonly streamId: string;
  readonly revision: number;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/**
 * One share of a replay: whole streams, fixed to the log as it stood when the replay was planned. Plain data,
 * so another thread or process can read it; only the adapter that planned it reads its fields.
 */
export interface ReplayShare {
  readonly adapter: string;
  /** The adapter's pin: events committed after planning are left out. */
  readonly pin: string;
  /** Streams whose id is ≥ `fromStream` (inclusive) and < `toStream` (exclusive); absent means unbounded. */
  readonly fromStream?: string;
  readonly toStream?: string;
}

/** A replay is planned in at least one share, and in a whole number of them. */
export const checkShareCount = (shares: number): void => {
  if (!Number.isInteger(shares) || shares < 1)
    throw new RangeError(`a replay is planned in 1 or more shares, not ${shares}`);
};

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams in one read (a page of cases): each stream's events in order, from the revision
   * `fromRevisions` names for it (a cache's next revision) or from the start; a stream with no such events is
   * absent from the map.
   */
  readStreams(
    streamIds: readonly string[],
    options?: ReadStreamsOptions,
  ): Promise<Map<string, RecordedEvent[]>>;
  /** The stream's last revision, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /**
   * Plans a replay of the whole log as it stands now, in up to `shares` disjoint shares of whole streams (fewer
   * when the log is small, or when the adapter cannot split it), for readers that may run in parallel.
   */
  planReplay(shares: number): Promise<ReplayShare[]>;
  /**
   * Reads every event of a planned share, handing each to `onEvent` as it arrives (the share is never held
   * in memory): each stream's events in revision order, streams in the adapter's order. Returns the count.
   */
  replayShare(share: ReplayShare, onEvent: (event: ReplayedEvent) => void): Promise<number>;
  /** Recomputes the stream's hash chain from the stored bytes. */
  verifyStream(streamId: string): Promise<StreamIntegrity>;
  close(): Promise<void>;
}
