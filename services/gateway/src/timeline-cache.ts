import { Coalescer } from '@chungtay/coalescing';
import type { EventStore, RecordedEvent } from '@chungtay/event-store';

export interface TimelineCacheOptions {
  /**
   * How long opened events stay in memory. An erased data subject's values may be served from the cache for
   * this long, the same bound as the key store's cache (docs/event-store.md); 0 turns the cache off.
   */
  readonly ttlMs?: number;
  /** Cases kept, least recently used dropped first. */
  readonly maxCases?: number;
}

interface Entry {
  readonly events: readonly RecordedEvent[];
  /** When its oldest events were read: the entry expires a TTL later, however often it was extended. */
  readonly readAt: number;
}

/**
 * Case timelines, opened, kept per case. A stored event never changes, so a cached timeline is only ever
 * behind, never wrong: each load reads just the events after the cached revision, for all the requested
 * cases, and all the concurrent requests' cases, in one read.
 */
export class TimelineCache {
  private readonly entries = new Map<string, Entry>();
  /** Moves on at each eviction: a read in flight across one keeps nothing it opened before it. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly maxCases: number;

  constructor(
    private readonly store: EventStore,
    options: TimelineCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxCases = options.maxCases ?? 2_000;
  }

  /**
   * Concurrent requests share one read: every load that arrives while a read is in flight goes into the next,
   * which starts after the load did, so a reader still sees what it wrote before asking.
   */
  private readonly reads = new Coalescer<readonly string[], Array<readonly RecordedEvent[] | undefined>>(
    async (requests) => {
      const streamIds = [...new Set(requests.flat())];
      const timelines = await this.read(streamIds);
      const byStream = new Map(streamIds.map((streamId, index) => [streamId, timelines[index]]));
      return requests.map((request) => request.map((streamId) => byStream.get(streamId)));
    },
  );

  /** Each stream's events, in the order asked (undefined for a stream with none). */
  load(streamIds: readonly string[]): Promise<Array<readonly RecordedEvent[] | undefined>> {
    return this.reads.submit(streamIds);
  }

  private async read(streamIds: readonly string[]): Promise<Array<readonly RecordedEvent[] | undefined>> {
    const now = Date.now();
    const generation = this.generation;
    const cached = new Map<string, Entry>();
    for (const streamId of streamIds) {
      const entry = this.entries.get(streamId);
      if (entry && now - entry.readAt < this.ttlMs) cached.set(streamId, entry);
    }
    const newer = await this.store.readStreams(streamIds, {
      fromRevisions: new Map([...cached].map(([streamId, entry]) => [streamId, entry.events.length])),
    });
    return streamIds.map((streamId) => {
      const entry = cached.get(streamId);
      const added = newer.get(streamId) ?? [];
      const events = entry
        ? added.length > 0
          ? [...entry.events, ...added]
          : entry.events
        : newer.get(streamId);
      if (events && this.ttlMs > 0 && generation === this.generation)
        this.remember(streamId, { events, readAt: entry?.readAt ?? now });
      return events;
    });
  }

  /** Whether a stream's opened events are held (and fresh): reading it then opens nothing more. */
  holds(streamId: string): boolean {
    const entry = this.entries.get(streamId);
    return entry !== undefined && Date.now() - entry.readAt < this.ttlMs;
  }

  /**
   * Forgets every opened timeline: after an erasure, no value of the erased person is served from memory.
   * Erasures are rare, and which cases mention the person is not known here without opening them.
   */
  evictAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private remember(streamId: string, entry: Entry): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.maxCases) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
