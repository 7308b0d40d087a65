import {
  type EventStore,
  formatPosition,
  type KeyStore,
  parsePosition,
  type RecordedEvent,
  START,
  type Subscription,
} from '@chungtay/event-store';
import type { Logger } from 'pino';
import type { ReadModelDatabase } from './database.ts';
import {
  type ConsumerMetrics,
  type EventHandler,
  ExactlyOnceApplier,
  type FaultHooks,
} from './exactly-once.ts';

export interface StoreConsumerOptions {
  /** The store as stored (personal fields sealed), exactly what the relay would publish. */
  readonly store: EventStore;
  readonly name: string;
  readonly db: ReadModelDatabase;
  readonly schema: string;
  readonly keys?: KeyStore;
  readonly handle: EventHandler;
  readonly maxAttempts?: number;
  readonly faults?: FaultHooks;
  readonly onApplied?: (event: RecordedEvent) => void;
  readonly logger?: Logger;
}

/**
 * The embedded transport: the same handlers and the same exactly-once rule as the Kafka consumer, driven by
 * the store's own catch-up subscription from a checkpoint kept in the read model's database, so a restart
 * loses nothing. Dead letters go to a table.
 */
export class StoreConsumer {
  readonly applier: ExactlyOnceApplier;
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;

  constructor(private readonly options: StoreConsumerOptions) {
    // The applier reads its own fields of these options (db, name, schema, keys, handle, retries, faults, logger).
    this.applier = new ExactlyOnceApplier({
      ...options,
      deadLetter: async (recorded, raw, reason) => {
        await options.db.query(
          `insert into ${options.schema}.dead_letters (consumer, event_id, stream_id, revision, reason, message)
           values ($1, $2, $3, $4, $5, $6)`,
          [
            options.name,
            recorded?.id ?? null,
            recorded?.streamId ?? null,
            recorded?.revision ?? null,
            reason,
            raw,
          ],
        );
      },
    });
  }

  get metrics(): ConsumerMetrics {
    return this.applier.metrics;
  }

  private async migrate(): Promise<void> {
    await this.applier.migrate();
    const { schema } = this.options;
    await this.options.db.query(
      `create table if not exists ${schema}.consumer_checkpoints (consumer text primary key, position text not null)`,
    );
    await this.options.db.query(`create table if not exists ${schema}.dead_letters (
      consumer text not null, event_id text, stream_id text, revision bigint, reason text not null, message text,
      recorded_at timestamptz not null default now())`);
  }

  /** Starts following; resolves once caught up with everything stored so far. */
  async start(): Promise<void> {
    await this.migrate();
    const { rows } = await this.options.db.query<{ position: string }>(
      `select position from ${this.options.schema}.consumer_checkpoints where consumer = $1`,
      [this.options.name],
    );
    let markCaughtUp!: () => void;
    const caughtUp = new Promise<void>((resolve) => {
      markCaughtUp = resolve;
    });
    const subscription = this.options.store.subscribeToAll({
      after: rows[0] ? parsePosition(rows[0].position) : START,
      onCaughtUp: () => markCaughtUp(),
    });
    this.subscription = subscription;
    this.following = (async () => {
      for await (const event of subscription) {
        await this.applier.apply(event, JSON.stringify({ id: event.id, streamId: event.streamId }));
        // The checkpoint only shortens the next catch-up: exactly-once rests on the per-stream revision.
        await this.options.db.query(
          `insert into ${this.options.schema}.consumer_checkpoints (consumer, position) values ($1, $2)
           on conflict (consumer) do update set position = excluded.position`,
          [this.options.name, formatPosition(event.position)],
        );
      }
    })();
    this.following.catch((error: unknown) =>
      this.options.logger?.error(
        { consumer: this.options.name, err: (error as Error).name },
        'store consumer stopped',
      ),
    );
    await Promise.race([caughtUp, this.following]);
  }

  /** Resolves when the consumer stops (a crash included); for supervisors and tests. */
  get done(): Promise<void> {
    return this.following ?? Promise.resolve();
  }

  staleStreams(): Promise<string[]> {
    return this.applier.staleStreams();
  }

  async stop(): Promise<void> {
    this.applier.stop();
    await this.subscription?.stop();
    await this.following?.catch(() => undefined);
  }
}
