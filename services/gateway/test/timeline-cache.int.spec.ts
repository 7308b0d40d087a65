import { randomUUID } from 'node:crypto';
import type { EventStore, ReadStreamsOptions } from '@chungtay/event-store';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineCache } from '../src/timeline-cache.ts';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { sampleTimeline } from './timeline-samples.ts';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness('gateway_timeline_cache');
});
afterAll(async () => {
  await harness?.close();
});

/** The store, noting what each readStreams call asked for. */
function watched(store: EventStore) {
  const asked: Array<Record<string, number>> = [];
  const spy = Object.create(store) as EventStore;
  spy.readStreams = (streamIds: readonly string[], options?: ReadStreamsOptions) => {
    asked.push(Object.fromEntries(options?.fromRevisions ?? []));
    return store.readStreams(streamIds, options);
  };
  return { spy, asked };
}

describe('the timeline cache', () => {
  it('reads only what is newer than it holds, and never serves a timeline behind the store', async () => {
    const caseId = randomUUID();
    const steps = sampleTimeline(caseId);
    await harness.record(caseId, steps.slice(0, 3));
    const { spy, asked } = watched(harness.store);
    const cache = new TimelineCache(spy);
    const stream = `case-${caseId}`;
    expect((await cache.load([stream]))[0]?.map((event) => event.revision)).toEqual([0, 1, 2]);
    await harness.record(caseId, steps.slice(3, 4));
    expect((await cache.load([stream, `case-${randomUUID()}`]))[0]?.map((event) => event.revision)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(asked).toEqual([{}, { [stream]: 3 }]);
    const [missing] = await cache.load([`case-${randomUUID()}`]);
    expect(missing).toBeUndefined();
  });

  it('serves concurrent loads with one read, each its own cases', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await harness.record(first, sampleTimeline(first).slice(0, 2));
    await harness.record(second, sampleTimeline(second).slice(0, 3));
    const { spy, asked } = watched(harness.store);
    const cache = new TimelineCache(spy);
    const [a, b, both] = await Promise.all([
      cache.load([`case-${first}`]),
      cache.load([`case-${second}`]),
      cache.load([`case-${second}`, `case-${first}`]),
    ]);
    expect(asked).toHaveLength(1);
    expect(a.map((events) => events?.length)).toEqual([2]);
    expect(b.map((events) => events?.length)).toEqual([3]);
    expect(both.map((events) => events?.length)).toEqual([3, 2]);
  });

  it('never answers a load with a read that began before it: a write made before asking is seen', async () => {
    const caseId = randomUUID();
    const steps = sampleTimeline(caseId);
    await harness.record(caseId, steps.slice(0, 2));
    const stream = `case-${caseId}`;
    // The first read is held after it has read the store, as a slow read would be.
    let release: (() => void) | undefined;
    const held = Object.create(harness.store) as EventStore;
    held.readStreams = async (streamIds: readonly string[], options?: ReadStreamsOptions) => {
      const read = await harness.store.readStreams(streamIds, options);
      if (!release) await new Promise<void>((resolve) => (release = resolve));
      return read;
    };
    const cache = new TimelineCache(held);
    const early = cache.load([stream]);
    await waitFor(() => release, { what: 'the first read to be held' });
    await harness.record(caseId, steps.slice(2, 3));
    const late = cache.load([stream]);
    release?.();
    expect((await early)[0]).toHaveLength(2);
    expect((await late)[0]).toHaveLength(3);
  });

  it('keeps nothing a read in flight opened before an erasure emptied it', async () => {
    const caseId = randomUUID();
    await harness.record(caseId, sampleTimeline(caseId).slice(0, 2));
    const stream = `case-${caseId}`;
    // The read has opened the store's events and is held, as a slow one would be, while the erasure is heard.
    let release: (() => void) | undefined;
    const held = Object.create(harness.store) as EventStore;
    held.readStreams = async (streamIds: readonly string[], options?: ReadStreamsOptions) => {
      const read = await harness.store.readStreams(streamIds, options);
      if (!release) await new Promise<void>((resolve) => (release = resolve));
      return read;
    };
    const cache = new TimelineCache(held);
    const inFlight = cache.load([stream]);
    await waitFor(() => release, { what: 'the read to be held' });
    cache.evictAll();
    release?.();
    expect((await inFlight)[0]).toHaveLength(2);
    expect(cache.holds(stream)).toBe(false);
    // The next read is kept as usual.
    await cache.load([stream]);
    expect(cache.holds(stream)).toBe(true);
  });

  it('keeps opened personal data no longer than its TTL: an erased child disappears once it expires', async () => {
    const caseId = randomUUID();
    const steps = sampleTimeline(caseId).slice(0, 1);
    await harness.record(caseId, steps);
    const childId = String(
      (steps[0]?.event.data as { child?: { childId: string } } | undefined)?.child?.childId,
    );
    const cache = new TimelineCache(harness.store, { ttlMs: 50 });
    const stream = `case-${caseId}`;
    const nameOf = async () =>
      JSON.stringify(
        ((await cache.load([stream]))[0]?.[0]?.data as { child?: { fullName: unknown } } | undefined)?.child
          ?.fullName,
      );
    expect(await nameOf()).toBe('"Siu H’Yến"');
    await harness.store.eraseSubject(childId, 'test: request of the child’s parent');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await nameOf()).toBe('{"$erased":true}');
  });

  it('drops the least recently used case beyond its size', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await harness.record(id, sampleTimeline(id).slice(0, 1));
    const { spy, asked } = watched(harness.store);
    const cache = new TimelineCache(spy, { maxCases: 2 });
    for (const id of ids) await cache.load([`case-${id}`]);
    await cache.load([`case-${ids[0]}`, `case-${ids[2]}`]);
    expect(asked.at(-1)).toEqual({ [`case-${ids[2]}`]: 1 });
  });
});
