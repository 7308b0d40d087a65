import type { KeyStore } from '@chungtay/event-store';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReadModelDatabase } from './database.ts';
import { fromKafkaMessage } from './envelope.ts';
import {
  type ConsumerMetrics,
  type EventHandler,
  ExactlyOnceApplier,
  type FaultHooks,
} from './exactly-once.ts';

export interface ReadModelConsumerOptions {
  readonly kafka: Kafka;
  /** The consumer group, and the name under which positions are kept. */
  readonly name: string;
  readonly topics: readonly string[];
  readonly db: ReadModelDatabase;
  readonly schema: string;
  readonly keys?: KeyStore;
  readonly handle: EventHandler;
  readonly deadLetterTopic: string;
  readonly maxAttempts?: number;
  readonly faults?: FaultHooks;
  readonly logger?: Logger;
  /** Longest wait of one fetch for new messages (latency versus broker load). */
  readonly maxWaitMs?: number;
}

/**
 * A read model fed from Kafka, each event applied exactly once (`ExactlyOnceApplier`). The Kafka offset is
 * committed after the read model; a crash in between redelivers, and the redelivery is a duplicate.
 */
export class ReadModelConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  readonly applier: ExactlyOnceApplier;

  constructor(private readonly options: ReadModelConsumerOptions) {
    // The applier reads its own fields of these options (db, name, schema, keys, handle, retries, faults, logger).
    this.applier = new ExactlyOnceApplier({
      ...options,
      deadLetter: (recorded, raw, reason) =>
        this.deadLetter(recorded?.id, recorded?.streamId, recorded?.revision, raw, reason),
    });
  }

  get metrics(): ConsumerMetrics {
    return this.applier.metrics;
  }

  async start(): Promise<void> {
    await this.applier.migrate();
    this.producer = this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    this.admin = this.options.kafka.admin();
    await this.admin.connect();
    const consumer = this.options.kafka.consumer({
      groupId: this.options.name,
      allowAutoTopicCreation: false,
      // Deliver as soon as anything arrives; never hold a fetch longer than this.
      maxWaitTimeInMs: this.options.maxWaitMs ?? 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.options.topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      // Offsets are committed in the background: exactly-once rests on the read model's per-stream
      // revision, so a redelivery after a crash is only a duplicate, and the hot path saves a round trip.
      autoCommit: true,
      autoCommitInterval: 200,
      eachBatchAutoResolve: false,
      // Partitions hold disjoint streams (the key is the entity id), so they never contend in the read model.
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const items = batch.messages.map((message) => {
          const raw = message.value?.toString() ?? null;
          try {
            return { recorded: fromKafkaMessage(raw), raw };
          } catch (error) {
            return { recorded: undefined, raw, unreadable: error };
          }
        });
        await this.applier.applyBatch(items);
        const last = batch.messages[batch.messages.length - 1] as { offset: string };
        resolveOffset(last.offset);
        await heartbeat();
      },
    });
  }

  private async deadLetter(
    eventId: string | undefined,
    streamId: string | undefined,
    revision: number | undefined,
    raw: string | null,
    reason: string,
  ): Promise<void> {
    await this.producer?.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: this.options.name,
          value: raw,
          headers: {
            consumer: this.options.name,
            reason,
            ...(eventId && streamId
              ? { 'event-id': eventId, 'stream-id': streamId, revision: String(revision) }
              : {}),
          },
        },
      ],
    });
  }

  /** Messages on the subscribed topics not yet committed by this group (the lag metric). */
  async lag(): Promise<number> {
    if (!this.admin) return 0;
    let lag = 0;
    for (const topic of this.options.topics) {
      const [ends, committed] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId: this.options.name, topics: [topic] }),
      ]);
      const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
      for (const end of ends)
        lag += Number(end.high) - Math.max(Number(done.get(end.partition) ?? 0), Number(end.low));
    }
    return lag;
  }

  staleStreams(): Promise<string[]> {
    return this.applier.staleStreams();
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
