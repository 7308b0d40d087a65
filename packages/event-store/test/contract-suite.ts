import { waitFor } from '@chungtay/testing';
import { describe, expect, it } from 'vitest';
import {
  comparePositions,
  DuplicateEventIdError,
  ERASED,
  type EventStore,
  type GlobalPosition,
  InvalidAppendError,
  isSealed,
  type KeyStore,
  ProtectedEventStore,
  type RecordedEvent,
  type ReplayedEvent,
  type ReplayShare,
  START,
  StreamNotFoundError,
  Upcasters,
  WrongExpectedVersionError,
} from '../src/index.ts';
import { event, events, metadata, streamName } from './fixtures.ts';

export interface ContractSubject {
  readonly store: EventStore;
  readonly keys: KeyStore;
}

/**
 * The behaviour every adapter must have. Each adapter's spec calls this with a factory; the factory's store
 * may already hold other tests' events, so every test uses streams of its own.
 */
export function eventStoreContract(adapter: string, subject: () => ContractSubject): void {
  const store = () => subject().store;

  const collect = async (
    iterable: AsyncIterable<RecordedEvent>,
    until: (seen: RecordedEvent[]) => boolean,
    stop: () => Promise<void>,
  ) => {
    const seen: RecordedEvent[] = [];
    for await (const recorded of iterable) {
      seen.push(recorded);
      if (until(seen)) break;
    }
    await stop();
    return seen;
  };

  /**
   * Reads the log after `after` until `done` holds. The log may show a commit a moment late (on PostgreSQL a
   * transaction still running anywhere in the cluster holds readers back), never out of order.
   */
  const readAllUntil = (after: GlobalPosition, done: (events: RecordedEvent[]) => boolean) =>
    waitFor(
      async () => {
        const read = await store().readAll({ after, maxCount: 100_000 });
        return done(read) ? read : undefined;
      },
      { what: 'the log to show the appended events' },
    );

  /** Every share of a plan replayed: the events of each share, in the order they came. */
  const replayAll = async (from: EventStore, shares: readonly ReplayShare[]) => {
    const read: ReplayedEvent[][] = [];
    for (const share of shares) {
      const events: ReplayedEvent[] = [];
      const count = await from.replayShare(share, (event) => events.push(event));
      expect(count).toBe(events.length);
      read.push(events);
    }
    return read;
  };

  /**
   * Plans and replays until the plan covers `streams` whole (`counts` events each): a plan pins the log that
   * readAll shows, which a transaction still running elsewhere in the cluster can hold back for a moment.
   */
  const planCovering = (shares: number, counts: ReadonlyMap<string, number>) =>
    waitFor(
      async () => {
        const plan = await store().planReplay(shares);
        const read = await replayAll(store(), plan);
        const covered = [...counts].every(
          ([streamId, count]) => read.flat().filter((e) => e.streamId === streamId).length === count,
        );
        return covered ? { plan, read } : undefined;
      },
      { what: 'a replay plan that covers the appended events' },
    );

  describe(`event store contract: ${adapter}`, () => {
    describe('append with an expected revision', () => {
      it('creates a stream with no_stream and returns the revision and the global position', async () => {
        const stream = streamName();
        const result = await store().appendToStream(stream, events(3), 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        expect(result.idempotent).toBe(false);
        const read = await store().readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(comparePositions(read[2]!.position, result.position)).toBe(0);
        expect(await store().streamRevision(stream)).toBe(2);
      });

      it('refuses no_stream on an existing stream, naming the actual revision', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(2), 'no_stream');
        const error = await store()
          .appendToStream(stream, events(1), 'no_stream')
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
      });

      it('refuses stream_exists on a missing stream', async () => {
        const error = await store()
          .appendToStream(streamName(), events(1), 'stream_exists')
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: undefined });
      });

      it('appends at an exact revision and refuses a stale one', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(1), 'no_stream');
        expect((await store().appendToStream(stream, events(2), 0)).nextExpectedRevision).toBe(2);
        const error = await store()
          .appendToStream(stream, events(1), 0)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ expected: 0, actual: 2 });
        expect(await store().streamRevision(stream)).toBe(2);
      });

      it('appends with any and stream_exists', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(1), 'any');
        await store().appendToStream(stream, events(1), 'stream_exists');
        await store().appendToStream(stream, events(1), 'any');
        expect(await store().streamRevision(stream)).toBe(2);
      });

      it('lets exactly one of many concurrent writers at the same revision win', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(1), 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store().appendToStream(stream, events(1), 0)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(losers).toHaveLength(7);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store().streamRevision(stream)).toBe(1);
      });

      it('refuses malformed appends before anything is written, naming the field', async () => {
        const stream = streamName();
        await expect(store().appendToStream(stream, [], 'any')).rejects.toThrow(/events: at least one/);
        await expect(store().appendToStream('no category', events(1), 'any')).rejects.toThrow(/streamId/);
        const bad = { ...event(), metadata: { ...metadata(), correlationId: 'nope' } };
        await expect(store().appendToStream(stream, [bad], 'any')).rejects.toThrow(
          /events\[0\]\.metadata\.correlationId/,
        );
        const repeated = event();
        await expect(store().appendToStream(stream, [repeated, repeated], 'any')).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store().appendToStream(stream, events(1), -1)).rejects.toThrow(/expected/);
        expect(await store().streamRevision(stream)).toBeUndefined();
      });
    });

    describe('exact idempotency', () => {
      it('a repeated append succeeds with the original positions and writes nothing', async () => {
        const stream = streamName();
        const batch = events(3);
        const first = await store().appendToStream(stream, batch, 'no_stream');
        const again = await store().appendToStream(stream, batch, 'no_stream');
        expect(again).toEqual({ ...first, idempotent: true });
        expect(await store().readStream(stream)).toHaveLength(3);
      });

      it('a retry at an exact revision stays idempotent after the stream moved on', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(1), 'no_stream');
        const batch = events(2);
        const first = await store().appendToStream(stream, batch, 0);
        await store().appendToStream(stream, events(1), 2);
        const retry = await store().appendToStream(stream, batch, 0);
        expect(retry).toEqual({ ...first, idempotent: true });
        expect(await store().streamRevision(stream)).toBe(3);
      });

      it('a retry with any finds its events wherever they stand', async () => {
        const stream = streamName();
        const batch = events(2);
        await store().appendToStream(stream, events(1), 'any');
        const first = await store().appendToStream(stream, batch, 'any');
        await store().appendToStream(stream, events(1), 'any');
        expect(await store().appendToStream(stream, batch, 'any')).toEqual({ ...first, idempotent: true });
      });

      it('a partial overlap is a conflict and writes nothing', async () => {
        const stream = streamName();
        const batch = events(2);
        await store().appendToStream(stream, batch, 'no_stream');
        const overlapping = [batch[1]!, event()];
        const error = await store()
          .appendToStream(stream, overlapping, 1)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect((error as DuplicateEventIdError).eventIds).toEqual([batch[1]!.id]);
        expect(await store().streamRevision(stream)).toBe(1);
      });

      it('the same ids in another order, or at another place, are not a retry', async () => {
        const stream = streamName();
        const batch = events(2);
        await store().appendToStream(stream, batch, 'no_stream');
        await expect(store().appendToStream(stream, [batch[1]!, batch[0]!], 'any')).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        // At revision 1 these ids would have to start at revision 2: a stale writer, told the real revision.
        await expect(store().appendToStream(stream, batch, 0)).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
      });

      it('event ids are unique per stream, not across streams', async () => {
        const shared = event();
        await store().appendToStream(streamName(), [shared], 'no_stream');
        const other = await store().appendToStream(streamName(), [shared], 'no_stream');
        expect(other.idempotent).toBe(false);
      });
    });

    describe('reading streams', () => {
      it('reads forwards and backwards from a revision, with a limit', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(10), 'no_stream');
        const forwards = await store().readStream(stream, { fromRevision: 3, maxCount: 4 });
        expect(forwards.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
        const backwards = await store().readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(backwards.map((e) => e.revision)).toEqual([9, 8, 7]);
        const fromMiddle = await store().readStream(stream, { direction: 'backwards', fromRevision: 2 });
        expect(fromMiddle.map((e) => e.revision)).toEqual([2, 1, 0]);
        expect(await store().readStream(stream, { fromRevision: 10 })).toEqual([]);
      });

      it('reads several whole streams in one call, leaving out streams that do not exist', async () => {
        const [first, second, missing] = [streamName(), streamName(), streamName()];
        await store().appendToStream(first, events(3), 'no_stream');
        await store().appendToStream(second, events(2), 'no_stream');
        await store().appendToStream(first, events(1), 2);
        const read = await store().readStreams([second, missing, first, first]);
        expect([...read.keys()].sort()).toEqual([first, second].sort());
        expect(read.get(first)?.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(read.get(second)?.map((e) => e.revision)).toEqual([0, 1]);
        expect(read.get(first)).toEqual(await store().readStream(first));
        expect((await store().readStreams([])).size).toBe(0);
        // From a revision per stream (what a cache already holds): only the newer events.
        const tail = await store().readStreams([first, second], {
          fromRevisions: new Map([
            [first, 3],
            [second, 2],
          ]),
        });
        expect(tail.get(first)?.map((e) => e.revision)).toEqual([3]);
        expect(tail.has(second)).toBe(false);
      });

      it('keeps the envelope: id, type, schema version, data, metadata, recorded-at', async () => {
        const stream = streamName();
        const appended = event('ReportReceived', { channel: 'hotline_111', nested: { list: [1, 'two'] } }, 3);
        const before = Date.now();
        await store().appendToStream(stream, [appended], 'no_stream');
        const [read] = await store().readStream(stream);
        expect(read).toMatchObject({
          id: appended.id,
          type: 'ReportReceived',
          schemaVersion: 3,
          data: appended.data,
          metadata: appended.metadata,
          streamId: stream,
          revision: 0,
        });
        expect(read!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      });

      it('says a missing stream does not exist', async () => {
        const stream = streamName();
        await expect(store().readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
        expect(await store().streamRevision(stream)).toBeUndefined();
      });
    });

    describe('the global log', () => {
      it('reads in an order that keeps every stream in revision order, after an exclusive position', async () => {
        const a = streamName();
        const b = streamName();
        const first = await store().appendToStream(a, events(2), 'no_stream');
        await store().appendToStream(b, events(2), 'no_stream');
        await store().appendToStream(a, events(2), 1);
        const isMine = (e: RecordedEvent) => e.streamId === a || e.streamId === b;
        const after = await readAllUntil(first.position, (read) => read.filter(isMine).length === 4);
        const mine = after.filter(isMine);
        expect(mine.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual([
          'b0',
          'b1',
          'a2',
          'a3',
        ]);
        for (let i = 1; i < after.length; i++) {
          expect(comparePositions(after[i - 1]!.position, after[i]!.position)).toBe(-1);
        }
        const limited = await store().readAll({ after: first.position, maxCount: 2 });
        expect(limited).toHaveLength(2);
      });

      it('a catch-up subscription delivers the past, says it caught up, then delivers live events', async () => {
        const stream = streamName();
        const start = await store().appendToStream(stream, events(1), 'no_stream');
        await store().appendToStream(stream, events(2), 0);
        let caughtUp = false;
        const subscription = store().subscribeToAll({
          after: start.position,
          onCaughtUp: () => {
            caughtUp = true;
          },
        });
        const live = (async () => {
          while (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 10));
          await store().appendToStream(stream, events(2), 2);
        })();
        const seen = await collect(
          subscription,
          (all) => all.filter((e) => e.streamId === stream).length === 4,
          () => subscription.stop(),
        );
        await live;
        expect(seen.filter((e) => e.streamId === stream).map((e) => e.revision)).toEqual([1, 2, 3, 4]);
        expect(caughtUp).toBe(true);
      });

      it('a subscription from the start sees a stream from its first event', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(2), 'no_stream');
        const subscription = store().subscribeToAll({ after: START });
        const seen = await collect(
          subscription,
          (all) => all.some((e) => e.streamId === stream && e.revision === 1),
          () => subscription.stop(),
        );
        expect(seen.filter((e) => e.streamId === stream).map((e) => e.revision)).toEqual([0, 1]);
      });
    });

    describe('replaying every stream', () => {
      it('plans shares of whole streams that hold every event once, each stream in revision order', async () => {
        const streams = new Map([
          [streamName(), 3],
          // Past ten events: revision order is numeric, not the text order of "10" before "2".
          [streamName(), 12],
          [streamName(), 2],
        ]);
        for (const [streamId, count] of streams) {
          await store().appendToStream(streamId, events(count), 'no_stream');
        }
        const { plan, read } = await planCovering(4, streams);
        expect(plan.length).toBeGreaterThanOrEqual(1);
        expect(plan.length).toBeLessThanOrEqual(4);
        for (const [streamId, count] of streams) {
          const holding = read.filter((share) => share.some((e) => e.streamId === streamId));
          expect(holding).toHaveLength(1);
          const mine = (holding[0] as ReplayedEvent[]).filter((e) => e.streamId === streamId);
          expect(mine.map((e) => e.revision)).toEqual([...Array(count).keys()]);
          expect(mine.map((e) => (e.data as { n: number }).n)).toEqual([...Array(count).keys()]);
          expect(mine[0]).toMatchObject({ type: 'ThingHappened', schemaVersion: 1 });
          expect(mine[0]?.metadata.actor.agency).toBe('commune');
        }
        const places = read.flat().map((e) => `${e.streamId}@${e.revision}`);
        expect(new Set(places).size).toBe(places.length);
      });

      it('leaves out what was appended after the plan', async () => {
        const [early, late] = [streamName(), streamName()];
        await store().appendToStream(early, events(2), 'no_stream');
        const { plan } = await planCovering(2, new Map([[early, 2]]));
        await store().appendToStream(early, events(1), 1);
        await store().appendToStream(late, events(1), 'no_stream');
        const after = (await replayAll(store(), plan)).flat();
        expect(after.filter((e) => e.streamId === early).map((e) => e.revision)).toEqual([0, 1]);
        expect(after.some((e) => e.streamId === late)).toBe(false);
      });

      it('refuses a share count that is not a whole number of at least one', async () => {
        await expect(store().planReplay(0)).rejects.toBeInstanceOf(RangeError);
        await expect(store().planReplay(1.5)).rejects.toThrow(/1 or more shares/);
      });

      it('refuses a share planned by another adapter', async () => {
        const [share] = await store().planReplay(1);
        await expect(
          store().replayShare({ ...(share as ReplayShare), adapter: 'elsewhere' }, () => undefined),
        ).rejects.toThrow(/elsewhere adapter/);
      });

      it('ends the read at the first throw of the fold, rejects with it, and stays usable', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(3), 'no_stream');
        const { plan } = await planCovering(1, new Map([[stream, 3]]));
        const broken = new Error('fold failed');
        let seen = 0;
        await expect(
          store().replayShare(plan[0] as ReplayShare, () => {
            seen++;
            throw broken;
          }),
        ).rejects.toBe(broken);
        expect(seen).toBe(1);
        expect(await store().readStream(stream)).toHaveLength(3);
      });
    });

    describe('hash chain', () => {
      it('links every event to its predecessor and verifies', async () => {
        const stream = streamName();
        await store().appendToStream(stream, events(3), 'no_stream');
        await store().appendToStream(stream, events(2), 2);
        const read = await store().readStream(stream);
        expect(read[0]!.previousHash).toBe('');
        for (let i = 1; i < read.length; i++) expect(read[i]!.previousHash).toBe(read[i - 1]!.hash);
        expect(new Set(read.map((e) => e.hash)).size).toBe(5);
        expect(await store().verifyStream(stream)).toEqual({ streamId: stream, events: 5, ok: true });
      });

      it('verifying a missing stream says it does not exist', async () => {
        await expect(store().verifyStream(streamName())).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('personal data and upcasting (ProtectedEventStore over this adapter)', () => {
      const personalData = (type: string) =>
        type === 'ChildRegistered'
          ? [
              { path: 'child.fullName', subject: 'child.subjectId' },
              { path: 'relatives[].fullName', subject: 'relatives[].subjectId' },
            ]
          : [];
      const protectedStore = () => new ProtectedEventStore(store(), { personalData, keys: subject().keys });
      const registered = (childSubject: string, relativeSubject: string) =>
        event('ChildRegistered', {
          child: { subjectId: childSubject, fullName: 'Ksor H Nhi', sex: 'female' },
          relatives: [{ subjectId: relativeSubject, fullName: 'Rơ Mah Hlinh', relation: 'mother' }],
        });

      it('stores personal fields sealed and reads them back in the clear', async () => {
        const stream = streamName('child');
        const child = `subject-${crypto.randomUUID()}`;
        const mother = `subject-${crypto.randomUUID()}`;
        await protectedStore().appendToStream(stream, [registered(child, mother)], 'no_stream');
        const [raw] = await store().readStream(stream);
        const rawData = raw!.data as {
          child: { fullName: unknown; sex: string };
          relatives: Array<{ fullName: unknown }>;
        };
        expect(isSealed(rawData.child.fullName)).toBe(true);
        expect(isSealed(rawData.relatives[0]!.fullName)).toBe(true);
        expect(rawData.child.sex).toBe('female');
        expect(JSON.stringify(raw!.data)).not.toContain('Nhi');
        const [read] = await protectedStore().readStream(stream);
        expect(read!.data).toMatchObject({
          child: { fullName: 'Ksor H Nhi' },
          relatives: [{ fullName: 'Rơ Mah Hlinh' }],
        });
      });

      it('erasing one subject marks only its fields erased, and the stream still verifies', async () => {
        const stream = streamName('child');
        const child = `subject-${crypto.randomUUID()}`;
        const mother = `subject-${crypto.randomUUID()}`;
        const store = protectedStore();
        await store.appendToStream(stream, [registered(child, mother)], 'no_stream');
        await store.eraseSubject(child, 'data subject request');
        const [read] = await store.readStream(stream);
        expect(read!.data).toMatchObject({
          child: { fullName: ERASED, sex: 'female' },
          relatives: [{ fullName: 'Rơ Mah Hlinh' }],
        });
        // The global log shows a commit once every older transaction in the cluster has ended (xid8 order);
        // other test files' transactions can hold that back for a moment.
        let fromLog: RecordedEvent | undefined;
        for (let attempt = 0; attempt < 200 && !fromLog; attempt++) {
          fromLog = (await store.readAll({ after: START, maxCount: 100_000 })).find(
            (e) => e.streamId === stream,
          );
          if (!fromLog) await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect((fromLog!.data as { child: { fullName: unknown } }).child.fullName).toEqual(ERASED);
        expect((await store.verifyStream(stream)).ok).toBe(true);
        await expect(store.appendToStream(stream, [registered(child, mother)], 0)).rejects.toThrow(/erased/);
      });

      it('reads an event stored in an old schema version in the current shape', async () => {
        const upcasters = new Upcasters([
          { type: 'ThingRenamed', fromVersion: 1, upcast: (d) => ({ title: (d as { name: string }).name }) },
          { type: 'ThingRenamed', fromVersion: 2, upcast: (d) => ({ ...(d as object), language: 'vi' }) },
        ]);
        const stream = streamName();
        await store().appendToStream(stream, [event('ThingRenamed', { name: 'cũ' }, 1)], 'no_stream');
        const upcasting = new ProtectedEventStore(store(), { upcasters });
        const [read] = await upcasting.readStream(stream);
        expect(read).toMatchObject({ schemaVersion: 3, data: { title: 'cũ', language: 'vi' } });
        expect((await store().readStream(stream))[0]!.data).toEqual({ name: 'cũ' });
        const { plan } = await planCovering(1, new Map([[stream, 1]]));
        const replayed = (await replayAll(upcasting, plan)).flat().find((e) => e.streamId === stream);
        expect(replayed).toMatchObject({ schemaVersion: 3, data: { title: 'cũ', language: 'vi' } });
      });

      it('a replay opens personal fields, and marks erased ones', async () => {
        const stream = streamName('child');
        const child = `subject-${crypto.randomUUID()}`;
        const mother = `subject-${crypto.randomUUID()}`;
        const store = protectedStore();
        await store.appendToStream(stream, [registered(child, mother)], 'no_stream');
        await store.eraseSubject(mother, 'data subject request');
        const { plan } = await planCovering(2, new Map([[stream, 1]]));
        const replayed = (await replayAll(store, plan)).flat().find((e) => e.streamId === stream);
        expect(replayed?.data).toMatchObject({
          child: { fullName: 'Ksor H Nhi' },
          relatives: [{ fullName: ERASED }],
        });
      });
    });
  });
}
