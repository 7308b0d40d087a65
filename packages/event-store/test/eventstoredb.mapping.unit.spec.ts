import {
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  NO_STREAM,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import {
  fromEsdbError,
  fromEsdbEvent,
  fromEsdbPosition,
  fromEsdbRevision,
  toEsdbEvent,
  toEsdbExpectedRevision,
} from '../src/eventstoredb/mapping.ts';
import { chainHash, StreamNotFoundError, verifyChain, WrongExpectedVersionError } from '../src/index.ts';
import { event } from './fixtures.ts';

describe('EventStoreDB adapter mapping (no server runs here; these pin the translation)', () => {
  it('appends at the exact head, or as a new stream', () => {
    expect(toEsdbExpectedRevision(undefined)).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(7)).toBe(7n);
  });

  it('maps positions and revisions, refusing what does not fit', () => {
    expect(fromEsdbPosition({ commit: 10n, prepare: 9n })).toEqual({ commit: 10n, prepare: 9n });
    expect(() => fromEsdbPosition(undefined)).toThrow(/no position/);
    expect(fromEsdbRevision(42n)).toBe(42);
    expect(() => fromEsdbRevision(2n ** 60n)).toThrow(RangeError);
  });

  it('maps the client errors to the port errors with expected and actual revisions', () => {
    const wrong = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'case-1',
      expected: 3n,
      current: 5n,
    });
    expect(fromEsdbError(wrong, 'case-1', 3)).toEqual(new WrongExpectedVersionError('case-1', 3, 5));
    const none = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'case-1',
      expected: 3n,
      current: NO_STREAM,
    });
    expect(fromEsdbError(none, 'case-1', 'stream_exists')).toMatchObject({ actual: undefined });
    expect(fromEsdbError(new EsdbStreamNotFoundError(undefined, 'case-1'), 'case-1', 'any')).toBeInstanceOf(
      StreamNotFoundError,
    );
    const other = new Error('unavailable');
    expect(fromEsdbError(other, 'case-1', 'any')).toBe(other);
  });

  it('keeps the chain in metadata and reads back exactly the bytes it hashed', () => {
    const appended = [
      event('ReportReceived', { channel: 'hotline_111', n: 1 }),
      event('CaseForwarded', { to: '21583' }),
    ];
    let previousHash = '';
    const stored = appended.map((e, revision) => {
      const hash = chainHash(previousHash, {
        streamId: 'case-1',
        revision,
        eventId: e.id,
        type: e.type,
        schemaVersion: e.schemaVersion,
        recordedAtMs: 1_700_000_000_000 + revision,
        dataText: JSON.stringify(e.data),
        metadataText: JSON.stringify(e.metadata),
      });
      const wire = toEsdbEvent(e, {
        schemaVersion: e.schemaVersion,
        recordedAtMs: 1_700_000_000_000 + revision,
        previousHash,
        hash,
      });
      previousHash = hash;
      // What the server hands back: the JSON we sent, parsed, with its revision and position.
      return {
        streamId: 'case-1',
        id: wire.id,
        type: wire.type,
        revision: BigInt(revision),
        data: JSON.parse(JSON.stringify(wire.data)),
        metadata: JSON.parse(JSON.stringify(wire.metadata)),
        position: { commit: BigInt(100 + revision), prepare: BigInt(100 + revision) },
      };
    });
    const mapped = stored.map(fromEsdbEvent);
    expect(mapped[1]!.recorded).toMatchObject({
      id: appended[1]!.id,
      type: 'CaseForwarded',
      revision: 1,
      data: { to: '21583' },
      metadata: appended[1]!.metadata,
      position: { commit: 101n, prepare: 101n },
      previousHash: mapped[0]!.recorded.hash,
    });
    expect(
      verifyChain(
        'case-1',
        mapped.map((m) => m.chained),
      ).ok,
    ).toBe(true);

    const tampered = { ...stored[0]!, data: { channel: 'walk_in', n: 1 } };
    const broken = verifyChain(
      'case-1',
      [tampered, stored[1]!].map((s) => fromEsdbEvent(s).chained),
    );
    expect(broken.firstBrokenLink).toMatchObject({
      revision: 0,
      reason: expect.stringMatching(/stored bytes/),
    });
  });

  it('refuses events not written by Chung Tay', () => {
    expect(() =>
      fromEsdbEvent({ streamId: 'case-1', id: 'x', type: 'Foreign', revision: 0n, data: {}, metadata: {} }),
    ).toThrow(/not written by Chung Tay/);
  });
});
