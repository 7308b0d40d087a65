export {
  type ConsumerMetrics,
  type HandledEvent,
  ReadModelConsumer,
  type ReadModelConsumerOptions,
} from './consumer.ts';
export { fromKafkaMessage, type KafkaMessage, keyOf, toKafkaMessage, topicOf } from './envelope.ts';
export { createKafka, ensureTopics, type KafkaOptions, type TopicSpec } from './kafka.ts';
export { PostgresLeaderLock } from './leader-lock.ts';
export { Relay, RelayCheckpoints, type RelayOptions } from './relay.ts';
