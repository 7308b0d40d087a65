import { randomUUID } from 'node:crypto';
import { type EventMetadata, type NewEvent, newEventId } from '../src/index.ts';

export const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  actor: { userId: 'officer-1', agency: 'commune', role: 'commune_officer', communeCode: '21583' },
  correlationId: randomUUID(),
  occurredAt: '2026-11-29T09:00:00+07:00',
  ...overrides,
});

export const event = (type = 'ThingHappened', data: unknown = { n: 1 }, schemaVersion = 1): NewEvent => ({
  id: newEventId(),
  type,
  schemaVersion,
  data,
  metadata: metadata(),
});

export const events = (count: number, type = 'ThingHappened'): NewEvent[] =>
  Array.from({ length: count }, (_, n) => event(type, { n }));

export const streamName = (category = 'case'): string => `${category}-${randomUUID()}`;
