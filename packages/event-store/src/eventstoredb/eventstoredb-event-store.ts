import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  START as ESDB_START,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { decideAppend } from '../append-decision.ts';
import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedVersionError } from '../errors.ts';
import { type ChainedRecord, chainHash, verifyChain } from '../hash-chain.ts';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  ReplayedEvent,
  ReplayShare,
  StreamIntegrity,
  SubscribeToAllOptions,
  Subscription,
} from '../port.ts';
import { checkShareCount, comparePositions, formatPosition, parsePosition } from '../port.ts';
import { validateAppend } from '../validate-append.ts';
import {
  fromEsdbError,
  fromEsdbEvent,
  fromEsdbPosition,
  toEsdbEvent,
  toEsdbExpectedRevision,
} from './mapping.ts';

const ESDB_ADAPTER = 'eventstoredb';

const isOurs = (event: { streamId: string; type: string }): boolean =>
  !event.streamId.startsWith('$') && !event.type.startsWith('$');

/**
 * The event store on an EventStoreDB server (`EVENTSTORE_URL`, e.g. esdb://host:2113?tls=false).
 * EventStoreDB keeps revisions, positions and subscriptions; this adapter adds what it lacks: the hash
 * chain (kept in each event's metadata) and exact idempotency (it reads the stream before appending, and
 * always appends at the exact head so the chain stays linear; a lost race is retried for 'any' and
 * 'stream_exists'). Case streams are short, so reading them whole is cheap.
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  private async readWhole(
    streamId: string,
  ): Promise<Array<{ recorded: RecordedEvent; chained: ChainedRecord }>> {
    try {
      const events: Array<{ recorded: RecordedEvent; chained: ChainedRecord }> = [];
      for await (const resolved of this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: ESDB_START,
      })) {
        if (resolved.event) events.push(fromEsdbEvent(resolved.event));
      }
      return events;
    } catch (error) {
      const mapped = fromEsdbError(error, streamId, 'any');
      if (mapped instanceof StreamNotFoundError) return [];
      throw mapped;
    }
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    for (let attempt = 0; ; attempt++) {
      const stream = await this.readWhole(streamId);
      const last = stream.at(-1);
      const head = last?.recorded.revision;
      const byId = new Map(stream.map(({ recorded }) => [recorded.id, recorded]));
      const decision = decideAppend(
        expected,
        head,
        events.map((event) => event.id),
        (id) => byId.get(id)?.revision,
      );
      if (decision.kind === 'idempotent') {
        const lastEvent = stream[decision.lastRevision]?.recorded;
        if (!lastEvent)
          throw new Error(`stream ${streamId}: revision ${decision.lastRevision} missing on re-read`);
        return {
          nextExpectedRevision: decision.lastRevision,
          position: lastEvent.position,
          idempotent: true,
        };
      }
      if (decision.kind === 'wrong_expected_revision') {
        throw new WrongExpectedVersionError(streamId, expected, decision.actual);
      }
      if (decision.kind === 'duplicate_event_id')
        throw new DuplicateEventIdError(streamId, decision.eventIds);

      let previousHash = last?.recorded.hash ?? '';
      const recordedAtMs = Date.now();
      const prepared = events.map((event, index) => {
        const revision = (head ?? -1) + 1 + index;
        const hash = chainHash(previousHash, {
          streamId,
          revision,
          eventId: event.id,
          type: event.type,
          schemaVersion: event.schemaVersion,
          recordedAtMs,
          dataText: JSON.stringify(event.data),
          metadataText: JSON.stringify(event.metadata),
        });
        const chain = { schemaVersion: event.schemaVersion, recordedAtMs, previousHash, hash };
        previousHash = hash;
        return toEsdbEvent(event, chain);
      });
      try {
        const result = await this.client.appendToStream(streamId, prepared, {
          expectedRevision: toEsdbExpectedRevision(head),
        });
        return {
          nextExpectedRevision: Number(result.nextExpectedRevision),
          position: fromEsdbPosition(result.position),
          idempotent: false,
        };
      } catch (error) {
        // Someone appended between our read and our write: for a named revision that is a conflict; for
        // 'any' and 'stream_exists' read again and retry, a bounded number of times.
        const retryable = expected === 'any' || expected === 'stream_exists';
        if (error instanceof EsdbWrongExpectedVersionError && retryable && attempt < 5) continue;
        throw fromEsdbError(error, streamId, expected);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined ? (backwards ? END : ESDB_START) : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) events.push(fromEsdbEvent(resolved.event).recorded);
      }
    } catch (error) {
      throw fromEsdbError(error, streamId, 'any');
    }
    return events;
  }

  /** EventStoreDB reads one stream per call; the gRPC channel multiplexes them, so they run side by side. */
  async readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): Promise<Map<string, RecordedEvent[]>> {
    const read = await Promise.all(
      [...new Set(streamIds)].map(async (streamId) => {
        try {
          const fromRevision = options.fromRevisions?.get(streamId) ?? 0;
          const events = await this.readStream(streamId, { fromRevision });
          return events.length > 0 ? ([streamId, events] as const) : undefined;
        } catch (error) {
          if (error instanceof StreamNotFoundError) return undefined;
          throw error;
        }
      }),
    );
    return new Map(read.filter((entry) => entry !== undefined));
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    try {
      const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      return last?.revision;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1000;
    const events: RecordedEvent[] = [];
    // EventStoreDB's read from a position includes it; the port's `after` excludes it. System events are
    // filtered out here, so read in chunks until the page is full or the log ends.
    let cursor = options.after;
    while (events.length < maxCount) {
      let seen = 0;
      const read = this.client.readAll({ fromPosition: cursor ?? ESDB_START, maxCount: maxCount + 1 });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event;
        if (!event) continue;
        seen++;
        const position = fromEsdbPosition(event.position);
        if (cursor && comparePositions(position, cursor) <= 0) continue;
        cursor = position;
        if (isOurs(event)) {
          events.push(fromEsdbEvent(event).recorded);
          if (events.length === maxCount) break;
        }
      }
      if (seen < maxCount + 1) break;
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after
        ? { commit: options.after.commit, prepare: options.after.prepare }
        : ESDB_START,
      filter: excludeSystemEvents(),
    });
    if (options.onCaughtUp) subscription.once('caughtUp', options.onCaughtUp);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          if (resolved.event && isOurs(resolved.event)) yield fromEsdbEvent(resolved.event).recorded;
        }
      },
      async stop() {
        await subscription.unsubscribe();
      },
    };
  }

  async planReplay(shares: number): Promise<ReplayShare[]> {
    checkShareCount(shares);
    // $all cannot be read by ranges of streams: one share, up to the last event written now.
    let pin = '';
    const last = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    for await (const resolved of last as AsyncIterable<AllStreamResolvedEvent>) {
      if (resolved.event) pin = formatPosition(fromEsdbPosition(resolved.event.position));
    }
    return [{ adapter: ESDB_ADAPTER, pin }];
  }

  async replayShare(share: ReplayShare, onEvent: (event: ReplayedEvent) => void): Promise<number> {
    if (share.adapter !== ESDB_ADAPTER)
      throw new TypeError(`a replay share planned by the ${share.adapter} adapter, not this one`);
    if (share.pin === '') return 0;
    const pin = parsePosition(share.pin);
    let count = 0;
    for await (const resolved of this.client.readAll() as AsyncIterable<AllStreamResolvedEvent>) {
      const event = resolved.event;
      if (!event) continue;
      if (comparePositions(fromEsdbPosition(event.position), pin) > 0) break;
      if (!isOurs(event)) continue;
      const { recorded } = fromEsdbEvent(event);
      onEvent({
        streamId: recorded.streamId,
        revision: recorded.revision,
        type: recorded.type,
        schemaVersion: recorded.schemaVersion,
        data: recorded.data,
        metadata: recorded.metadata,
      });
      count++;
    }
    return count;
  }

  async verifyStream(streamId: string): Promise<StreamIntegrity> {
    const stream = await this.readWhole(streamId);
    if (stream.length === 0) throw new StreamNotFoundError(streamId);
    return verifyChain(
      streamId,
      stream.map(({ chained }) => chained),
    );
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
