import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { sampleTimeline } from './timeline-samples.ts';

/** Issue 18, item 8: the gateway pushes case changes over server-sent events (GraphQL over SSE). */
let harness: GatewayHarness;
const OTHER_COMMUNE = '23701';

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_live');
});
afterAll(async () => {
  await harness?.close();
});

interface Stream {
  /** Every `next` payload so far. */
  readonly received: Array<{
    data?: Record<string, { caseId: string; revision: number }>;
    errors?: unknown[];
  }>;
  readonly status: number;
  /** The stream ended (the server completed it). */
  done(): boolean;
  close(): void;
}

/** A GraphQL-over-SSE subscription as the console opens it: fetch with the bearer token, read event by event. */
async function subscribe(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${harness.url}/graphql`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const received: Stream['received'] = [];
  let ended = false;
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let boundary = buffer.indexOf('\n\n');
          while (boundary >= 0) {
            const message = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            const event = /^event: (.*)$/m.exec(message)?.[1];
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (event === 'next' && data) received.push(JSON.parse(data));
            if (event === 'complete') ended = true;
            boundary = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by close().
      }
      ended = true;
    })();
  }
  return {
    received,
    status: response.status,
    done: () => ended,
    close: () => abort.abort(),
  } satisfies Stream;
}

const CASE_CHANGED = 'subscription Live($id: ID!) { caseChanged(id: $id) { caseId revision } }';
const QUEUE_CHANGED = 'subscription Queue { queueChanged { caseId revision } }';

async function caseAt(
  commune: string,
  events: number,
): Promise<{ caseId: string; next: () => Promise<void> }> {
  const caseId = randomUUID();
  const timeline = sampleTimeline(caseId);
  const [first, ...later] = timeline;
  const report = first?.event as Extract<CaseEvent, { type: 'ReportReceived' }>;
  const opened = { ...first, event: { ...report, data: { ...report.data, incidentCommuneCode: commune } } };
  await harness.record(caseId, [opened as (typeof timeline)[number], ...later.slice(0, events - 1)]);
  await harness.queued(caseId, events - 1);
  let recorded = events - 1;
  return {
    caseId,
    next: async () => {
      const step = later[recorded];
      if (!step) throw new Error('the sample timeline has no more events');
      recorded += 1;
      await harness.record(caseId, [step]);
    },
  };
}

describe('live case changes over server-sent events', () => {
  it('tells the officer of each change to an open case, with its revision and nothing of its content', async () => {
    const { caseId, next } = await caseAt('21583', 2);
    const stream = await subscribe(await harness.token('commune_officer'), CASE_CHANGED, { id: caseId });
    expect(stream.status).toBe(200);
    // The subscription is live once the server holds it; a change now is pushed.
    await waitFor(async () => {
      await next();
      return stream.received.length > 0 ? true : undefined;
    });
    const [first] = stream.received;
    expect(first?.data?.caseChanged?.caseId).toBe(caseId);
    expect(Object.keys(first?.data?.caseChanged ?? {})).toEqual(['caseId', 'revision']);
    stream.close();
  });

  it('refuses a case out of reach like one that does not exist, and a subscriber without a token', async () => {
    const { caseId } = await caseAt(OTHER_COMMUNE, 1);
    const refused = await subscribe(await harness.token('commune_officer'), CASE_CHANGED, { id: caseId });
    await waitFor(async () => (refused.done() ? true : undefined));
    const unknown = await subscribe(await harness.token('commune_officer'), CASE_CHANGED, {
      id: randomUUID(),
    });
    await waitFor(async () => (unknown.done() ? true : undefined));
    expect(refused.received).toEqual(unknown.received);
    expect(refused.received[0]?.errors).toHaveLength(1);
    expect(refused.received[0]?.data?.caseChanged).toBeUndefined();
    expect((await subscribe(undefined, CASE_CHANGED, { id: caseId })).status).toBe(401);
  });

  it('tells each work queue of the changes in its reach only', async () => {
    const quyNhon = await harness.token('commune_officer', ['21583']);
    const other = await harness.token('commune_officer', [OTHER_COMMUNE]);
    const ours = await subscribe(quyNhon, QUEUE_CHANGED);
    const theirs = await subscribe(other, QUEUE_CHANGED);
    // Changes in Quy Nhơn until our queue hears one, then one in the other commune until theirs does.
    const here = await caseAt('21583', 1);
    await waitFor(async () => {
      await here.next();
      return ours.received.some((change) => change.data?.queueChanged?.caseId === here.caseId)
        ? true
        : undefined;
    });
    const there = await caseAt(OTHER_COMMUNE, 1);
    await waitFor(async () => {
      await there.next();
      return theirs.received.some((change) => change.data?.queueChanged?.caseId === there.caseId)
        ? true
        : undefined;
    });
    // Every notice is delivered in order: by the time theirs heard of their own case, it would have heard ours.
    expect(theirs.received.map((change) => change.data?.queueChanged?.caseId)).not.toContain(here.caseId);
    expect(ours.received.map((change) => change.data?.queueChanged?.caseId)).not.toContain(there.caseId);
    ours.close();
    theirs.close();
  });

  // Last: it ends every stream of this gateway.
  it('ends every stream cleanly when the gateway stops, so closing its server waits for none', async () => {
    const { caseId } = await caseAt('21583', 1);
    const open = await subscribe(await harness.token('commune_officer'), CASE_CHANGED, { id: caseId });
    const queue = await subscribe(await harness.token('commune_officer'), QUEUE_CHANGED);
    harness.service.drain();
    await waitFor(async () => (open.done() && queue.done() ? true : undefined));
    // Ended without an error: the console opens it again (a refusal it would not).
    expect([...open.received, ...queue.received].filter((payload) => payload.errors)).toEqual([]);
    // And one opened now ends at once.
    const late = await subscribe(await harness.token('commune_officer'), QUEUE_CHANGED);
    await waitFor(async () => (late.done() ? true : undefined));
  });
});
