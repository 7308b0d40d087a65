import { topics } from '@chungtay/contracts';
import type { EventStore, KeyStore, RecordedEvent } from '@chungtay/event-store';
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
  /** A data subject was erased (anywhere): drop whatever this process keeps of their opened data. */
  readonly onErased?: (subjectId: string) => void;
  /** An event's change committed to the read model (for live pages: see `ApplierOptions.onApplied`). */
  readonly onApplied?: (event: RecordedEvent) => void;
  readonly logger?: Logger;
}

const CHILD_STREAM = 'child-';

/**
 * The consumer kit on either transport, with the same handler and the same exactly-once rule. It follows
 * erasures too: a `ChildDataErased` or `PersonDataErased` drops the subject's key from this process's key cache and calls
 * `onErased`, so no process keeps serving what another erased (issue 16, item 7). Over Kafka the child
 * topic is read for that alone; the handler sees the case events.
 */
export function caseEventConsumer(
  feed: CaseEventFeed,
  options: FeedConsumerOptions,
): StoreConsumer | ReadModelConsumer {
  const handle: EventHandler = async (event, transaction) => {
    const { streamId } = event.recorded;
    const erased =
      event.type === 'ChildDataErased' && streamId.startsWith(CHILD_STREAM)
        ? streamId.slice(CHILD_STREAM.length)
        : event.type === 'PersonDataErased'
          ? event.data.subjectId
          : undefined;
    if (erased !== undefined) {
      options.keys.evict(erased);
      options.onErased?.(erased);
    }
    if (feed.kind === 'kafka' && streamId.startsWith(CHILD_STREAM)) return;
    await options.handle(event, transaction);
  };
  if (feed.kind === 'store') return new StoreConsumer({ ...options, handle, store: feed.storedEvents });
  const prefix = feed.topicPrefix ?? '';
  return new ReadModelConsumer({
    ...options,
    handle,
    kafka: feed.kafka,
    topics: [`${prefix}${topics.caseEvents.name}`, `${prefix}${topics.childEvents.name}`],
    deadLetterTopic: `${prefix}${topics.deadLetter.name}`,
  });
}
