import { describe, expect, it } from 'vitest';
import { decideAppend, type ExpectedRevision } from '../src/index.ts';

const stream =
  (...ids: string[]) =>
  (id: string) => {
    const index = ids.indexOf(id);
    return index < 0 ? undefined : index;
  };

describe('decideAppend (the rules chungtay.append applies in SQL)', () => {
  it.each<[ExpectedRevision, number | undefined, string]>([
    ['any', undefined, 'append'],
    ['any', 4, 'append'],
    ['no_stream', undefined, 'append'],
    ['no_stream', 0, 'wrong_expected_revision'],
    ['stream_exists', undefined, 'wrong_expected_revision'],
    ['stream_exists', 2, 'append'],
    [3, 3, 'append'],
    [3, 4, 'wrong_expected_revision'],
    [0, undefined, 'wrong_expected_revision'],
  ])('expected %s with head %s → %s', (expected, head, kind) => {
    expect(decideAppend(expected, head, ['n1'], () => undefined).kind).toBe(kind);
  });

  it('names the actual revision when the expectation fails', () => {
    expect(decideAppend(1, 5, ['n1'], () => undefined)).toEqual({
      kind: 'wrong_expected_revision',
      actual: 5,
    });
  });

  it('treats the same run of ids at the named place as a retry', () => {
    const stored = stream('a', 'b', 'c', 'd');
    expect(decideAppend(0, 3, ['b', 'c'], stored)).toEqual({ kind: 'idempotent', lastRevision: 2 });
    expect(decideAppend('no_stream', 3, ['a', 'b'], stored)).toEqual({ kind: 'idempotent', lastRevision: 1 });
    expect(decideAppend('any', 3, ['c', 'd'], stored)).toEqual({ kind: 'idempotent', lastRevision: 3 });
    expect(decideAppend('stream_exists', 3, ['a'], stored)).toEqual({ kind: 'idempotent', lastRevision: 0 });
  });

  it('refuses overlaps that are not an exact retry', () => {
    const stored = stream('a', 'b', 'c');
    expect(decideAppend(2, 2, ['c', 'new'], stored)).toEqual({ kind: 'duplicate_event_id', eventIds: ['c'] });
    expect(decideAppend('any', 2, ['b', 'a'], stored)).toEqual({
      kind: 'duplicate_event_id',
      eventIds: ['b', 'a'],
    });
    expect(decideAppend('any', 2, ['a', 'c'], stored).kind).toBe('duplicate_event_id');
    // Stale expected revision and ids at another place: the writer is told the real revision.
    expect(decideAppend(1, 2, ['a', 'b'], stored)).toEqual({ kind: 'wrong_expected_revision', actual: 2 });
  });
});
