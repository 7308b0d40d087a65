import type { ExpectedRevision } from './port.ts';

/** The stream was not at the expected revision. `actual` is undefined when the stream does not exist. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`,
    );
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
  }
}

/**
 * Some of the appended event ids already stand in the stream, but not as the exact same run of events at
 * the place the expected revision names: a partial or displaced retry, refused as a conflict.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already stored elsewhere in the stream: ${eventIds.join(', ')}`);
  }
}

/** An append that breaks the port's own rules (no events, bad ids, a stream name out of shape). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}
