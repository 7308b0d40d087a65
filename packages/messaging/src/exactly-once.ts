import { eventDefinitions, isEventType, type TypedEvent } from '@chungtay/contracts';
import {
  isInfrastructureError,
  type KeyStore,
  openPersonalData,
  type RecordedEvent,
} from '@chungtay/event-store';
import type { Logger } from 'pino';
import type { ReadModelDatabase, Transaction } from './database.ts';

/** A handled event: typed and validated by its contract, personal fields opened (or marked erased). */
export type HandledEvent = TypedEvent & { readonly recorded: RecordedEvent };
export type EventHandler = (event: HandledEvent, transaction: Transaction) => Promise<void>;

export interface ConsumerMetrics {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

/** Fault injection for tests: an error thrown here is a crash at that point (never retried, never dead-lettered). */
export interface FaultHooks {
  /** Inside the transaction, after the handler, before commit. */
  readonly beforeCommit?: (event: RecordedEvent) => void;
  /** After the read model committed, before the transport records its own position. */
  readonly afterCommit?: (event: RecordedEvent) => void;
}

/** One delivered message: the event read from it, or why it could not be read. */
export interface DeliveredItem {
  readonly recorded: RecordedEvent | undefined;
  readonly raw: string | null;
  readonly unreadable?: unknown;
}

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export class InvalidEvent extends Error {
  override readonly name = 'InvalidEvent';
}

/** The applier was stopped while it waited for its database: nothing was applied, nothing dead-lettered. */
export class ApplierStopped extends Error {
  override readonly name = 'ApplierStopped';
}

/** Back-off while the database is unavailable: from 100 ms, doubling, at most 2 s between tries. */
const OUTAGE_BACKOFF_MS = { first: 100, most: 2_000 } as const;

export interface ApplierOptions {
  readonly db: ReadModelDatabase;
  /** The consumer's name: positions are kept under it. */
  readonly name: string;
  /** The read model's schema; the consumer's positions live there too. */
  readonly schema: string;
  readonly keys?: KeyStore;
  readonly handle: EventHandler;
  readonly maxAttempts?: number;
  /** Where an event goes that cannot be handled: a Kafka topic, or a table in the embedded default. */
  readonly deadLetter: (
    event: RecordedEvent | undefined,
    raw: string | null,
    reason: string,
  ) => Promise<void>;
  readonly faults?: FaultHooks;
  /** After an event's change committed: tell whoever shows it (a live page) that it is there to read. */
  readonly onApplied?: (event: RecordedEvent) => void;
  readonly logger?: Logger;
}

/**
 * Applies each event to a read model exactly once however often it is delivered: the handler's change and
 * the stream's last applied revision commit in one transaction, and an event at or below that revision is a
 * duplicate. An event that is invalid, or fails after bounded retries, is dead-lettered with its reason and
 * its stream is marked stale, so nobody trusts that part of the read model, and nothing else is blocked.
 * An unavailable database says nothing about the event: that is waited out with back-off, never
 * dead-lettered (the event is applied once the database is back, or redelivered after a stop).
 */
export class ExactlyOnceApplier {
  readonly metrics: ConsumerMetrics = { applied: 0, duplicates: 0, deadLettered: 0 };
  /** Tries that failed because the database was unavailable (waited out). */
  outageRetries = 0;
  private stopped = false;

  constructor(private readonly options: ApplierOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema))
      throw new TypeError(`not a safe schema name: ${options.schema}`);
  }

  private get table() {
    return `${this.options.schema}.consumer_streams`;
  }

  async migrate(): Promise<void> {
    await this.options.db.query(`create schema if not exists ${this.options.schema}`);
    await this.options.db.query(`
      create table if not exists ${this.table} (
        consumer text not null, stream_id text not null, last_revision bigint not null,
        stale boolean not null default false, stale_reason text,
        primary key (consumer, stream_id)
      )`);
  }

  /** Ends any wait for the database: the work in hand fails with ApplierStopped, to be redelivered. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs `work` until it succeeds or fails for a reason other than an unavailable database. */
  private async untilAvailable<T>(work: () => Promise<T>): Promise<T> {
    for (let wait: number = OUTAGE_BACKOFF_MS.first; ; wait = Math.min(wait * 2, OUTAGE_BACKOFF_MS.most)) {
      if (this.stopped) throw new ApplierStopped('stopped while the database was unavailable');
      try {
        return await work();
      } catch (error) {
        if (!isInfrastructureError(error)) throw error;
        this.outageRetries++;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Handles one delivered event (`recorded` undefined when the message could not even be read). */
  async apply(
    recorded: RecordedEvent | undefined,
    raw: string | null,
    unreadable?: unknown,
  ): Promise<'applied' | 'duplicate' | 'dead-lettered'> {
    let event: HandledEvent;
    try {
      if (!recorded) throw unreadable ?? new InvalidEvent('unreadable message');
      event = await this.untilAvailable(() => this.decode(recorded));
    } catch (error) {
      if (error instanceof ApplierStopped) throw error;
      await this.deadLetter(recorded, raw, error);
      return 'dead-lettered';
    }
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.untilAvailable(() => this.applyOnce(event));
        if (outcome === 'applied') {
          this.crashPoint(this.options.faults?.afterCommit, recorded);
          this.options.onApplied?.(recorded);
        }
        return outcome;
      } catch (error) {
        if (error instanceof SimulatedCrash || error instanceof ApplierStopped) throw error;
        if (attempt >= maxAttempts) {
          await this.deadLetter(recorded, raw, error);
          return 'dead-lettered';
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  /**
   * Applies a delivered batch in one transaction (the fast path). If the batch fails, its events are applied
   * one by one, so only the event at fault is retried and dead-lettered.
   */
  async applyBatch(items: ReadonlyArray<DeliveredItem>): Promise<void> {
    const decoded: Array<{ event: HandledEvent; raw: string | null }> = [];
    for (const item of items) {
      try {
        const { recorded } = item;
        if (!recorded) throw item.unreadable ?? new InvalidEvent('unreadable message');
        decoded.push({ event: await this.untilAvailable(() => this.decode(recorded)), raw: item.raw });
      } catch (error) {
        if (error instanceof ApplierStopped) throw error;
        await this.deadLetter(item.recorded, item.raw, error);
      }
    }
    if (decoded.length === 0) return;
    let outcomes: Array<'applied' | 'duplicate'>;
    try {
      // An outage fails the whole batch alike: wait it out and try the batch again, rather than one by one.
      outcomes = await this.untilAvailable(() => this.applyAll(decoded));
    } catch (error) {
      if (error instanceof SimulatedCrash || error instanceof ApplierStopped) throw error;
      for (const { event, raw } of decoded) await this.apply(event.recorded, raw);
      return;
    }
    outcomes.forEach((outcome, index) => {
      this.metrics[outcome === 'applied' ? 'applied' : 'duplicates']++;
      if (outcome !== 'applied') return;
      const { recorded } = (decoded[index] as { event: HandledEvent }).event;
      this.crashPoint(this.options.faults?.afterCommit, recorded);
      this.options.onApplied?.(recorded);
    });
  }

  /** The batch in one transaction: its outcomes, event by event. */
  private applyAll(decoded: ReadonlyArray<{ event: HandledEvent }>): Promise<Array<'applied' | 'duplicate'>> {
    return this.options.db.transaction(async (tx) => {
      const streams = [...new Set(decoded.map(({ event }) => event.recorded.streamId))];
      const last = await this.lockPositions(tx, streams);
      const result: Array<'applied' | 'duplicate'> = [];
      for (const { event } of decoded) {
        const { streamId, revision } = event.recorded;
        if ((last.get(streamId) ?? -1) >= revision) {
          result.push('duplicate');
          continue;
        }
        await this.options.handle(event, tx);
        last.set(streamId, revision);
        this.crashPoint(this.options.faults?.beforeCommit, event.recorded);
        result.push('applied');
      }
      await tx.query(
        `update ${this.table} as positions set last_revision = updated.revision
             from unnest($2::text[], $3::bigint[]) as updated(stream_id, revision)
            where positions.consumer = $1 and positions.stream_id = updated.stream_id`,
        [this.options.name, streams, streams.map((stream) => last.get(stream) ?? -1)],
      );
      return result;
    });
  }

  /**
   * Each stream's last applied revision, its position row created if missing and locked until the transaction
   * ends, in one round trip (the no-op update of an existing row returns its stored revision). Sorted, so
   * concurrent transactions lock in one order.
   */
  private async lockPositions(tx: Transaction, streams: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ stream_id: string; last_revision: string | number }>(
      `insert into ${this.table} as positions (consumer, stream_id, last_revision)
       select $1, stream_id, -1 from unnest($2::text[]) as stream_id
       on conflict (consumer, stream_id) do update set last_revision = positions.last_revision
       returning stream_id, last_revision`,
      [this.options.name, [...streams].sort()],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.last_revision)]));
  }

  private crashPoint(hook: ((event: RecordedEvent) => void) | undefined, event: RecordedEvent): void {
    try {
      hook?.(event);
    } catch (error) {
      throw error instanceof SimulatedCrash ? error : new SimulatedCrash((error as Error).message);
    }
  }

  private async decode(recorded: RecordedEvent): Promise<HandledEvent> {
    if (!isEventType(recorded.type)) throw new InvalidEvent(`unknown event type ${recorded.type}`);
    const data = this.options.keys ? await openPersonalData(recorded.data, this.options.keys) : recorded.data;
    const parsed = eventDefinitions[recorded.type].schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidEvent(`${recorded.type}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return { type: recorded.type, data: parsed.data, recorded } as HandledEvent;
  }

  private async applyOnce(event: HandledEvent): Promise<'applied' | 'duplicate'> {
    const { streamId, revision } = event.recorded;
    const outcome = await this.options.db.transaction(async (tx) => {
      const last = await this.lockPositions(tx, [streamId]);
      if ((last.get(streamId) ?? -1) >= revision) return 'duplicate' as const;
      await this.options.handle(event, tx);
      await tx.query(`update ${this.table} set last_revision = $3 where consumer = $1 and stream_id = $2`, [
        this.options.name,
        streamId,
        revision,
      ]);
      this.crashPoint(this.options.faults?.beforeCommit, event.recorded);
      return 'applied' as const;
    });
    this.metrics[outcome === 'applied' ? 'applied' : 'duplicates']++;
    return outcome;
  }

  private async deadLetter(
    recorded: RecordedEvent | undefined,
    raw: string | null,
    error: unknown,
  ): Promise<void> {
    // The reason names the error, never the event's content (it may hold personal data).
    const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
    await this.untilAvailable(() => this.options.deadLetter(recorded, raw, reason));
    if (recorded) {
      await this.untilAvailable(() =>
        this.options.db.query(
          `insert into ${this.table} (consumer, stream_id, last_revision, stale, stale_reason) values ($1, $2, $3, true, $4)
         on conflict (consumer, stream_id) do update set last_revision = greatest(${this.table}.last_revision, excluded.last_revision),
           stale = true, stale_reason = excluded.stale_reason`,
          [this.options.name, recorded.streamId, recorded.revision, reason],
        ),
      );
    }
    this.metrics.deadLettered++;
    this.options.logger?.warn(
      { consumer: this.options.name, eventId: recorded?.id, reason },
      'event dead-lettered',
    );
  }

  /** Streams whose read model is not to be trusted (an event of theirs was dead-lettered). */
  async staleStreams(): Promise<string[]> {
    const { rows } = await this.options.db.query<{ stream_id: string }>(
      `select stream_id from ${this.table} where consumer = $1 and stale order by stream_id`,
      [this.options.name],
    );
    return rows.map((row) => row.stream_id);
  }
}
