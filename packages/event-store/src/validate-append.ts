import { InvalidAppendError } from './errors.ts';
import { isEventId } from './ids.ts';
import { EventMetadata } from './metadata.ts';
import type { ExpectedRevision, NewEvent } from './port.ts';

const STREAM_ID = /^[a-z][a-z0-9_]*-[A-Za-z0-9_.-]{1,120}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,80}$/;

/** The port's own rules, checked the same way by every adapter before anything is sent. */
export function validateAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): void {
  if (!STREAM_ID.test(streamId)) {
    throw new InvalidAppendError(`streamId: expected "<category>-<id>" (for example case-<uuid>)`);
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError('expected: a revision is a non-negative integer');
  }
  if (events.length === 0) throw new InvalidAppendError('events: at least one event');
  const ids = new Set<string>();
  events.forEach((event, index) => {
    if (!isEventId(event.id)) throw new InvalidAppendError(`events[${index}].id: a lower-case UUID`);
    if (ids.has(event.id)) throw new InvalidAppendError(`events[${index}].id: repeated in the same append`);
    ids.add(event.id);
    if (!EVENT_TYPE.test(event.type))
      throw new InvalidAppendError(`events[${index}].type: PascalCase event name`);
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppendError(`events[${index}].schemaVersion: a positive integer`);
    }
    const metadata = EventMetadata.safeParse(event.metadata);
    if (!metadata.success) {
      const issue = metadata.error.issues[0];
      throw new InvalidAppendError(`events[${index}].metadata.${issue?.path.join('.')}: ${issue?.message}`);
    }
  });
}
