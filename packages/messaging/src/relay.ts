import {
  type EventStore,
  formatPosition,
  type GlobalPosition,
  parsePosition,
  type RecordedEvent,
  START,
  type Subscription,
} from '@chungtay/event-store';
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import { toKafkaMessage, topicOf } from './envelope.ts';
import type { PostgresLeaderLock } from './leader-lock.ts';

/** The relay's durable position in the store's global order (PostgreSQL, compare-and-set by name). */
export class RelayCheckpoints {
  constructor(
    private readonly pool: pg.Pool,
    private readonly name: string,
  ) {}

  async migrate(): Promise<void> {
    await this.pool.query(`
      create schema if not exists relay;
      create table if not exists relay.checkpoints (
        name text primary key, position text not null, updated_at timestamptz not null default now()
      );`);
  }

  async load(): Promise<GlobalPosition> {
    const { rows } = await this.pool.query<{ position: string }>(
      'select position from relay.checkpoints where name = $1',
      [this.name],
    );
    return rows[0] ? parsePosition(rows[0].position) : START;
  }

  /**
   * Saved without waiting for the WAL flush (asynchronous commit, this statement only): a save lost to a
   * database crash only makes the relay re-publish from an earlier position, which consumers drop as
   * duplicates; waiting would put a flush per batch on the path every append's commit shares.
   */
  async save(position: GlobalPosition): Promise<void> {
    await this.pool.query(
      `with asynchronous as (select set_config('synchronous_commit', 'off', true))
       insert into relay.checkpoints (name, position) select $1, $2 from asynchronous
       on conflict (name) do update set position = excluded.position, updated_at = now()`,
      [this.name, formatPosition(position)],
    );
  }
}

export interface RelayOptions {
  /** The store as stored (personal fields sealed): what is published is what is stored. */
  readonly store: EventStore;
  readonly kafka: Kafka;
  readonly checkpoints: RelayCheckpoints;
  readonly lock: PostgresLeaderLock;
  readonly topicPrefix?: string;
  readonly batchSize?: number;
  readonly standbyPollMs?: number;
  readonly logger?: Logger;
  /** Test hook: runs after the broker acknowledged a batch and before the checkpoint is saved. */
  readonly afterPublish?: (batch: readonly RecordedEvent[]) => Promise<void> | void;
}

/**
 * Publishes every committed event to Kafka in the store's global order: key = entity id, one topic per stream
 * category, idempotent producer with one request in flight (per-partition order). The checkpoint moves only
 * after the broker acknowledged, so a crash re-publishes (consumers drop duplicates) and never skips.
 * One relay leads at a time; the others stand by and take over when the leader's lock goes.
 */
export class Relay {
  private stopped = false;
  private running: Promise<void> | undefined;
  private leading: { subscription: Subscription; producer: Producer } | undefined;
  published = 0;
  /** Whether the broker answered the last connect or send (undefined until this relay first leads). */
  brokerReachable: boolean | undefined;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  get isLeader(): boolean {
    return this.leading !== undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let lost = false;
      const acquired = await this.options.lock.tryAcquire(() => {
        lost = true;
        void this.leading?.subscription.stop();
      });
      if (!acquired) {
        await new Promise((resolve) => setTimeout(resolve, this.options.standbyPollMs ?? 500));
        continue;
      }
      try {
        await this.lead(() => lost);
      } catch (error) {
        this.options.logger?.warn({ err: (error as Error).name }, 'relay lost its lead');
      } finally {
        const leading = this.leading;
        this.leading = undefined;
        await leading?.subscription.stop();
        await leading?.producer.disconnect().catch(() => undefined);
        await this.options.lock.release();
      }
    }
  }

  private async lead(lost: () => boolean): Promise<void> {
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.broker(() => producer.connect());
    const after = await this.options.checkpoints.load();
    const subscription = this.options.store.subscribeToAll({ after });
    this.leading = { subscription, producer };
    const batchSize = this.options.batchSize ?? 500;
    const queue: RecordedEvent[] = [];
    let wake: (() => void) | undefined;
    let readerDone = false;
    // One save in flight at a time, naming the latest acknowledged position: under load the checkpoint
    // costs one write per save round trip, not one per batch.
    let acknowledged: GlobalPosition | undefined;
    let checkpointing: Promise<void> | undefined;
    let saveFailed: unknown;
    const saveAcknowledged = async (): Promise<void> => {
      try {
        while (acknowledged !== undefined) {
          const position = acknowledged;
          acknowledged = undefined;
          await this.options.checkpoints.save(position);
        }
      } catch (error) {
        saveFailed = error; // the lead ends; the next leader starts from the last saved position
        wake?.();
      } finally {
        checkpointing = undefined;
      }
    };
    const reader = (async () => {
      for await (const event of subscription) {
        queue.push(event);
        wake?.();
        // Back-pressure: let the publisher catch up before reading far ahead.
        while (queue.length >= batchSize * 4 && !this.stopped && !lost()) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    })().finally(() => {
      readerDone = true;
      wake?.();
    });
    while (!this.stopped && !lost()) {
      if (saveFailed) throw saveFailed;
      if (queue.length === 0) {
        if (readerDone) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const batch = queue.splice(0, batchSize);
      const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
      for (const event of batch) {
        const topic = topicOf(event.streamId, this.options.topicPrefix);
        const messages = byTopic.get(topic) ?? [];
        messages.push(toKafkaMessage(event));
        byTopic.set(topic, messages);
      }
      await this.broker(() =>
        producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
      );
      await this.options.afterPublish?.(batch);
      if (lost()) break; // never move a checkpoint we no longer own
      // Saved behind the publishing: a save only ever names a position the broker acknowledged, so a save
      // lost to a crash costs duplicates, never a gap.
      acknowledged = (batch.at(-1) as RecordedEvent).position;
      checkpointing ??= saveAcknowledged();
      this.published += batch.length;
    }
    await checkpointing;
    if (saveFailed) throw saveFailed;
    await subscription.stop();
    await reader;
  }

  /** Runs a call to the broker, noting whether it answered (the relay's readiness says so). */
  private async broker<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.brokerReachable = true;
      return result;
    } catch (error) {
      this.brokerReachable = false;
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.leading?.subscription.stop();
    await this.running;
  }
}
