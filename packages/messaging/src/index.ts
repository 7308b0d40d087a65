export { ReadModelConsumer, type ReadModelConsumerOptions } from './consumer.ts';
export { pgliteDatabase, postgresDatabase, type ReadModelDatabase, type Transaction } from './database.ts';
export { fromKafkaMessage, type KafkaMessage, keyOf, toKafkaMessage, topicOf } from './envelope.ts';
export {
  ApplierStopped,
  type ConsumerMetrics,
  type DeliveredItem,
  type EventHandler,
  ExactlyOnceApplier,
  type FaultHooks,
  type HandledEvent,
  InvalidEvent,
  SimulatedCrash,
} from './exactly-once.ts';
export { type CaseEventFeed, caseEventConsumer, type FeedConsumerOptions } from './feed.ts';
export { createKafka, ensureTopics, type KafkaOptions, type TopicSpec } from './kafka.ts';
export { PostgresLeaderLock } from './leader-lock.ts';
export { type MeasuredConsumer, registerConsumerMetrics } from './metrics.ts';
export { Relay, RelayCheckpoints, type RelayOptions } from './relay.ts';
export { StoreConsumer, type StoreConsumerOptions } from './store-consumer.ts';
