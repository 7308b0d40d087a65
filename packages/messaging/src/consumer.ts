import { Coalescer } from '@chungtay/coalescing';
import type { KeyStore, RecordedEvent } from '@chungtay/event-store';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReadModelDatabase } from './database.ts';
import { fromKafkaMessage } from './envelope.ts';
import {
  type ConsumerMetrics,
  type DeliveredItem,
  type EventHandler,
  ExactlyOnceApplier,
  type FaultHooks,
} from './exactly-once.ts';

/** How often applied offsets are committed to Kafka: they only save re-reading after a restart. */
const COMMIT_INTERVAL_MS = 200;
/** How long the group waits for a silent member before it rebalances (the broker allows 6 s at least). */
const SESSION_TIMEOUT_MS = 6_000;

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
  readonly onApplied?: (event: RecordedEvent) => void;
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
  private committer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** The next offset to read per topic and partition, applied to the read model, not yet committed to Kafka. */
  private readonly processed = new Map<string, { topic: string; partition: number; offset: string }>();
  readonly applier: ExactlyOnceApplier;
  /**
   * Group commit: the batches delivered together (every partition of one fetch), and any that arrive while a
   * transaction runs, are applied in one read-model transaction; each caller learns its own batch's fate.
   */
  private readonly applying = new Coalescer<readonly DeliveredItem[], void>(async (batches) => {
    await this.applier.applyBatch(batches.flat());
    return batches.map(() => undefined);
  });

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
      // A member that died (kill -9) is taken out of the group after 6 s (the broker's least), not 30: its
      // replacement rejoins within seconds. Heartbeats every second keep a live one in.
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.options.topics) await consumer.subscribe({ topic, fromBeginning: true });
    // Offsets are committed in the background, never on the hot path: kafkajs's auto-commit awaits an
    // OffsetCommit after every batch, and its fetcher waits for every batch before fetching again. Exactly-once
    // rests on the read model's per-stream revision, so an offset lost to a crash only costs duplicates.
    this.committer = setInterval(() => void this.commitProcessed(), COMMIT_INTERVAL_MS);
    // Not awaited: joining the group may wait for a dead member's session to end, and the service must
    // serve HTTP and say it is ready meanwhile. kafkajs retries a run that crashes by itself.
    this.running = consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Every partition of a fetch is handed over at once and they share one read-model transaction
      // (`applying`): partitions hold disjoint streams (the key is the entity id), so they never contend.
      partitionsConsumedConcurrently: 64,
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
        await this.applying.submit(items);
        const last = batch.messages[batch.messages.length - 1] as { offset: string };
        resolveOffset(last.offset);
        this.processed.set(`${batch.topic}|${batch.partition}`, {
          topic: batch.topic,
          partition: batch.partition,
          offset: String(BigInt(last.offset) + 1n),
        });
        await heartbeat();
      },
    });
    this.running.catch((error: unknown) =>
      this.options.logger?.error(
        { consumer: this.options.name, err: (error as Error).name },
        'consumer run failed',
      ),
    );
  }

  /** Resolves once the consumer runs in its group (joined); for tests and supervisors. */
  get joined(): Promise<void> {
    return this.running ?? Promise.resolve();
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

  private async commitProcessed(): Promise<void> {
    if (!this.consumer || this.processed.size === 0) return;
    const offsets = [...this.processed.values()];
    this.processed.clear();
    // A failed commit (a rebalance under way) is not retried: the next owner re-reads, and drops duplicates.
    await this.consumer.commitOffsets(offsets).catch((error: Error) => {
      this.options.logger?.debug({ err: error.name }, 'offset commit skipped');
    });
  }

  async stop(): Promise<void> {
    // A batch waiting out a database outage gives up; its offsets are not committed, so it is redelivered.
    this.applier.stop();
    clearInterval(this.committer);
    await this.commitProcessed();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
