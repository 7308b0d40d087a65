import type { ExpectedRevision } from './port.ts';

export type AppendDecision =
  | { readonly kind: 'append' }
  | { readonly kind: 'idempotent'; readonly lastRevision: number }
  | { readonly kind: 'wrong_expected_revision'; readonly actual: number | undefined }
  | { readonly kind: 'duplicate_event_id'; readonly eventIds: readonly string[] };

/**
 * The append rules, for adapters that decide in TypeScript (EventStoreDB). `chungtay.append` applies the
 * same rules in SQL; the contract suite holds both to them.
 * - Exact idempotency: every id already stands in the stream, consecutively, in the given order, at the
 *   place the expected revision names → success with the original positions, nothing written.
 * - Any other overlap: a conflict (wrong expected revision when that check fails too, else duplicate ids).
 */
export function decideAppend(
  expected: ExpectedRevision,
  head: number | undefined,
  eventIds: readonly string[],
  storedRevisionOf: (eventId: string) => number | undefined,
): AppendDecision {
  const expectedHolds =
    expected === 'any' ||
    (expected === 'no_stream' && head === undefined) ||
    (expected === 'stream_exists' && head !== undefined) ||
    (typeof expected === 'number' && head === expected);
  const stored = eventIds.map(storedRevisionOf);
  const found = stored.filter((revision): revision is number => revision !== undefined);
  if (found.length > 0) {
    const first = stored[0];
    const consecutive =
      found.length === eventIds.length &&
      first !== undefined &&
      stored.every((revision, index) => revision === first + index);
    const atNamedPlace =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && first === 0) ||
      (typeof expected === 'number' && first === expected + 1);
    if (consecutive && atNamedPlace && first !== undefined) {
      return { kind: 'idempotent', lastRevision: first + eventIds.length - 1 };
    }
    if (expectedHolds) {
      return {
        kind: 'duplicate_event_id',
        eventIds: eventIds.filter((id) => storedRevisionOf(id) !== undefined),
      };
    }
  }
  return expectedHolds ? { kind: 'append' } : { kind: 'wrong_expected_revision', actual: head };
}
