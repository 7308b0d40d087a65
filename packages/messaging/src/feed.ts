import { topics } from '@chungtay/contracts';
import type { EventStore, KeyStore } from '@chungtay/event-store';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ReadModelConsumer } from './consumer.ts';
import type { ReadModelDatabase } from './database.ts';
import type { EventHandler } from './exactly-once.ts';
import { StoreConsumer } from './store-consumer.ts';

/** How a service's read model learns of case events: Kafka in production, the store's subscription embedded. */
export type CaseEventFeed =
  | { readonly kind: 'store'; readonly storedEvents: EventStore }
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly topicPrefix?: string };

export interface FeedConsumerOptions {
  readonly name: string;
  readonly db: ReadModelDatabase;
  readonly schema: string;
  readonly keys: KeyStore;
  readonly handle: EventHandler;
  readonly logger?: Logger;
}

/** The consumer kit on either transport, with the same handler and the same exactly-once rule. */
export function caseEventConsumer(
  feed: CaseEventFeed,
  options: FeedConsumerOptions,
): StoreConsumer | ReadModelConsumer {
  if (feed.kind === 'store') return new StoreConsumer({ ...options, store: feed.storedEvents });
  const prefix = feed.topicPrefix ?? '';
  return new ReadModelConsumer({
    ...options,
    kafka: feed.kafka,
    topics: [`${prefix}${topics.caseEvents.name}`],
    deadLetterTopic: `${prefix}${topics.deadLetter.name}`,
  });
}
