import {
  type AppendExpectedRevision as EsdbExpectedRevision,
  type Position as EsdbPosition,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type JSONEventType,
  jsonEvent,
  NO_STREAM,
} from '@eventstore/db-client';
import { StreamNotFoundError, WrongExpectedVersionError } from '../errors.ts';
import type { ChainedRecord } from '../hash-chain.ts';
import type { EventMetadata } from '../metadata.ts';
import type { ExpectedRevision, GlobalPosition, RecordedEvent } from '../port.ts';

/** What the adapter keeps beside the envelope metadata in EventStoreDB (the chain and our schema version). */
export interface ChainMetadata {
  readonly schemaVersion: number;
  readonly recordedAtMs: number;
  readonly previousHash: string;
  readonly hash: string;
}

const CHAIN_KEY = '$chungtay';

/** The stream's head decides the exact revision to append at, so the hash chain stays linear. */
export const toEsdbExpectedRevision = (head: number | undefined): EsdbExpectedRevision =>
  head === undefined ? NO_STREAM : BigInt(head);

export const fromEsdbPosition = (position: EsdbPosition | undefined): GlobalPosition => {
  if (!position) throw new Error('EventStoreDB returned no position (is the server older than 20.6?)');
  return { commit: position.commit, prepare: position.prepare };
};

export const fromEsdbRevision = (revision: bigint): number => {
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`revision ${revision} exceeds 2^53`);
  return Number(revision);
};

/** Maps the client's errors to the port's; anything else passes through unchanged. */
export function fromEsdbError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof EsdbWrongExpectedVersionError) {
    const actual =
      error.actualVersion === NO_STREAM ? undefined : fromEsdbRevision(error.actualVersion as bigint);
    return new WrongExpectedVersionError(streamId, expected, actual);
  }
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(streamId);
  return error;
}

export function toEsdbEvent(
  event: { id: string; type: string; data: unknown; metadata: EventMetadata },
  chain: ChainMetadata,
) {
  return jsonEvent<JSONEventType>({
    id: event.id,
    type: event.type,
    data: event.data as JSONEventType['data'],
    metadata: { ...event.metadata, [CHAIN_KEY]: chain },
  });
}

export interface EsdbStoredEvent {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: EsdbPosition;
}

/** Splits our chain record back out of the stored metadata: the rest is the envelope exactly as hashed. */
export function fromEsdbEvent(stored: EsdbStoredEvent): { recorded: RecordedEvent; chained: ChainedRecord } {
  const { [CHAIN_KEY]: chain, ...metadata } = (stored.metadata ?? {}) as Record<string, unknown> & {
    [CHAIN_KEY]?: ChainMetadata;
  };
  if (!chain)
    throw new Error(`event ${stored.id} in ${stored.streamId} was not written by Chung Tay (no chain)`);
  const revision = fromEsdbRevision(stored.revision);
  const recorded: RecordedEvent = {
    id: stored.id,
    type: stored.type,
    schemaVersion: chain.schemaVersion,
    data: stored.data,
    metadata: metadata as unknown as EventMetadata,
    streamId: stored.streamId,
    revision,
    position: fromEsdbPosition(stored.position),
    recordedAt: new Date(chain.recordedAtMs),
    previousHash: chain.previousHash,
    hash: chain.hash,
  };
  const chained: ChainedRecord = {
    streamId: stored.streamId,
    revision,
    eventId: stored.id,
    type: stored.type,
    schemaVersion: chain.schemaVersion,
    recordedAtMs: chain.recordedAtMs,
    dataText: JSON.stringify(stored.data),
    metadataText: JSON.stringify(metadata),
    previousHash: chain.previousHash,
    hash: chain.hash,
  };
  return { recorded, chained };
}
