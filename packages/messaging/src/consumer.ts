import { eventDefinitions, isEventType, type TypedEvent } from '@chungtay/contracts';
import { type KeyStore, openPersonalData, type RecordedEvent } from '@chungtay/event-store';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import { fromKafkaMessage } from './envelope.ts';

/** A handled event: typed and validated by its contract, personal fields opened (or marked erased). */
export type HandledEvent = TypedEvent & { readonly recorded: RecordedEvent };

export interface ReadModelConsumerOptions {
  readonly kafka: Kafka;
  /** The consumer group, and the name under which positions are kept. */
  readonly name: string;
  readonly topics: readonly string[];
  /** The read model's database: the handler's change and the position commit in one transaction. */
  readonly pool: pg.Pool;
  /** The read model's own schema (its tables and the consumer's positions). */
  readonly schema: string;
  readonly keys?: KeyStore;
  readonly handle: (event: HandledEvent, transaction: pg.PoolClient) => Promise<void>;
  readonly deadLetterTopic: string;
  readonly maxAttempts?: number;
  readonly logger?: Logger;
  /** Test hook: runs after the read model committed and before the Kafka offset is committed. */
  readonly afterApply?: (event: RecordedEvent) => Promise<void> | void;
}

export interface ConsumerMetrics {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

class InvalidEvent extends Error {
  override readonly name = 'InvalidEvent';
}

/**
 * Applies each event to a read model exactly once however often Kafka delivers it: the change and the
 * stream's last applied revision commit in one PostgreSQL transaction, and an event at or below that
 * revision is a duplicate. Per-stream order comes from the key. An event that cannot be handled goes to the
 * dead-letter topic with its reason; its stream is marked stale so nobody trusts that part of the read model.
 */
export class ReadModelConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  readonly metrics: ConsumerMetrics = { applied: 0, duplicates: 0, deadLettered: 0 };

  constructor(private readonly options: ReadModelConsumerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema))
      throw new TypeError(`not a safe schema name: ${options.schema}`);
  }

  private get table() {
    return `${this.options.schema}.consumer_streams`;
  }

  async migrate(): Promise<void> {
    await this.options.pool.query(`
      create schema if not exists ${this.options.schema};
      create table if not exists ${this.table} (
        consumer text not null, stream_id text not null, last_revision bigint not null,
        stale boolean not null default false, stale_reason text,
        primary key (consumer, stream_id)
      );`);
  }

  async start(): Promise<void> {
    await this.migrate();
    this.producer = this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    const consumer = this.options.kafka.consumer({
      groupId: this.options.name,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.options.topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.process(message.value);
        await heartbeat();
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
  }

  /** Handles one published message; returns what happened to it. */
  async process(value: Buffer | string | null): Promise<'applied' | 'duplicate' | 'dead-lettered'> {
    let recorded: RecordedEvent;
    let event: HandledEvent;
    try {
      recorded = fromKafkaMessage(value);
      event = await this.decode(recorded);
    } catch (error) {
      await this.deadLetter(value, undefined, error);
      return 'dead-lettered';
    }
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.applyOnce(event);
        if (outcome === 'applied') await this.options.afterApply?.(recorded);
        return outcome;
      } catch (error) {
        if (attempt >= maxAttempts) {
          await this.deadLetter(value, recorded, error);
          return 'dead-lettered';
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
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
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      const { streamId, revision } = event.recorded;
      await client.query(
        `insert into ${this.table} (consumer, stream_id, last_revision) values ($1, $2, -1) on conflict do nothing`,
        [this.options.name, streamId],
      );
      const { rows } = await client.query<{ last_revision: string }>(
        `select last_revision from ${this.table} where consumer = $1 and stream_id = $2 for update`,
        [this.options.name, streamId],
      );
      if (Number(rows[0]?.last_revision ?? -1) >= revision) {
        await client.query('rollback');
        this.metrics.duplicates++;
        return 'duplicate';
      }
      await this.options.handle(event, client);
      await client.query(
        `update ${this.table} set last_revision = $3 where consumer = $1 and stream_id = $2`,
        [this.options.name, streamId, revision],
      );
      await client.query('commit');
      this.metrics.applied++;
      return 'applied';
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async deadLetter(
    value: Buffer | string | null,
    recorded: RecordedEvent | undefined,
    error: unknown,
  ) {
    // The reason names the error, never the event's content (it may hold personal data).
    const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
    await this.producer?.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: this.options.name,
          value: value ?? null,
          headers: {
            consumer: this.options.name,
            reason,
            ...(recorded
              ? {
                  'event-id': recorded.id,
                  'stream-id': recorded.streamId,
                  revision: String(recorded.revision),
                }
              : {}),
          },
        },
      ],
    });
    if (recorded) {
      await this.options.pool.query(
        `insert into ${this.table} (consumer, stream_id, last_revision, stale, stale_reason) values ($1, $2, $3, true, $4)
         on conflict (consumer, stream_id) do update set last_revision = greatest(${this.table}.last_revision, excluded.last_revision),
           stale = true, stale_reason = excluded.stale_reason`,
        [this.options.name, recorded.streamId, recorded.revision, reason],
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
    const { rows } = await this.options.pool.query<{ stream_id: string }>(
      `select stream_id from ${this.table} where consumer = $1 and stale order by stream_id`,
      [this.options.name],
    );
    return rows.map((row) => row.stream_id);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
