import { topics } from '@chungtay/contracts';
import { type EventMetadata, formatPosition, parsePosition, type RecordedEvent } from '@chungtay/event-store';
import { z } from 'zod';

/** The Kafka topic of a stream: one per stream category (`case-…` → case events). */
export function topicOf(streamId: string, prefix = ''): string {
  const category = streamId.slice(0, streamId.indexOf('-'));
  const topic = Object.values(topics).find((candidate) => candidate.stream === category);
  if (!topic) throw new Error(`no topic for stream category ${category}`);
  return `${prefix}${topic.name}`;
}

/** The message key: the entity id after the category, so an entity's events share a partition, in order. */
export const keyOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

export interface KafkaMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * An event as published: exactly as stored, personal fields still sealed (Kafka never holds them in the
 * clear, and erasing a subject's key erases them there too). Headers carry ids and trace context only.
 */
export function toKafkaMessage(event: RecordedEvent): KafkaMessage {
  return {
    key: keyOf(event.streamId),
    value: JSON.stringify({
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      revision: event.revision,
      position: formatPosition(event.position),
      recordedAt: event.recordedAt.toISOString(),
      previousHash: event.previousHash,
      hash: event.hash,
      data: event.data,
      metadata: event.metadata,
    }),
    headers: {
      'event-id': event.id,
      'event-type': event.type,
      'schema-version': String(event.schemaVersion),
      'stream-id': event.streamId,
      revision: String(event.revision),
      position: formatPosition(event.position),
      'correlation-id': event.metadata.correlationId,
      ...(event.metadata.traceparent ? { traceparent: event.metadata.traceparent } : {}),
    },
  };
}

const Published = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  streamId: z.string().min(3),
  revision: z.number().int().min(0),
  position: z.string().regex(/^\d+\/\d+$/),
  recordedAt: z.iso.datetime(),
  previousHash: z.string(),
  hash: z.string(),
  data: z.unknown(),
  metadata: z.object({}).loose(),
});

/** Reads a published message back; throws (with the field) when it is not one of ours. */
export function fromKafkaMessage(value: Buffer | string | null): RecordedEvent {
  if (value === null) throw new Error('empty message');
  const parsed = Published.parse(JSON.parse(value.toString()));
  return {
    ...parsed,
    position: parsePosition(parsed.position),
    recordedAt: new Date(parsed.recordedAt),
    metadata: parsed.metadata as unknown as EventMetadata,
  };
}
