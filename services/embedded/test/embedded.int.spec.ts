import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId } from '@chungtay/event-store';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../src/platform.ts';

const event = () => ({
  id: newEventId(),
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { n: 1 },
  metadata: {
    actor: { userId: 'u1', agency: 'commune' as const, role: 'commune_officer' },
    correlationId: randomUUID(),
    occurredAt: '2026-11-29T09:00:00+07:00',
  },
});

describe('embedded default', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers health and readiness, keeps data across a restart, and starts afresh on request', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chungtay-embedded-'));
    const first = await startEmbedded({ dataDir, port: 0 });
    expect(first.masterKeyCreated).toBe(true);
    expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
    expect(await (await fetch(`${first.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(200);
    const missing = await fetch(`${first.url}/nowhere`);
    expect(missing.status).toBe(404);
    await first.store.appendToStream('case-restart', [event()], 'no_stream');
    await first.stop();

    const second = await startEmbedded({ dataDir, port: 0 });
    expect(second.masterKeyCreated).toBe(false);
    expect(await second.store.streamRevision('case-restart')).toBe(0);
    await second.stop();

    const fresh = await startEmbedded({ dataDir, port: 0, fresh: true });
    expect(fresh.masterKeyCreated).toBe(true);
    expect(await fresh.store.streamRevision('case-restart')).toBeUndefined();
    await fresh.stop();
  });
});
