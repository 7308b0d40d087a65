import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPlatform, startEmbedded } from '@chungtay/embedded';
import { ERASED } from '@chungtay/event-store';
import { reportFixture } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

// Issue 16, item 7: erasure from the CLI, against the running platform (no stop needed).
let dataDir: string;
let platform: EmbeddedPlatform;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-erase-'));
  platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: false });
});
afterAll(async () => {
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('chungtay erase', () => {
  it('erases a child’s personal data through the running platform, as the provincial coordinator', async () => {
    const childId = randomUUID();
    const registered = await fetch(`${platform.url}/children`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${platform.tokens.commune_officer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        childId,
        registeredAt: '2026-11-30T09:00:00+07:00',
        fullName: 'Đinh Văn Blui',
        birthDate: '2017-05-20',
        sex: 'MALE',
        communeCode: '21583',
        birthRegistration: 'REGISTERED',
        specialCircumstances: [],
      }),
    });
    expect(registered.status).toBe(201);
    const io = capture();
    const args = ['erase', '--child', childId, '--grounds', 'GUARDIAN_REQUEST', '--reference', '15/PYC-SYT'];
    expect(await run([...args, '--url', platform.url, '--data-dir', dataDir, '--json'], io, dataDir)).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ childId, events: ['ChildDataErased'] });
    const events = await platform.store.readStream(`child-${childId}`);
    expect(events.at(-1)?.type).toBe('ChildDataErased');
    expect(events[0]?.data).toMatchObject({ fullName: ERASED, birthDate: ERASED });
    // Again: nothing more to record.
    const again = capture();
    expect(await run([...args, '--url', platform.url, '--data-dir', dataDir], again, dataDir)).toBe(0);
    expect(again.stdout).toContain('already erased');
  });

  it('erases the reporter named on a case, and names a person the case does not', async () => {
    const caseId = randomUUID();
    const reporterId = randomUUID();
    const report = {
      ...reportFixture(caseId),
      reporter: { consentToRecordIdentity: true, reporterId, fullName: 'Ksor Thuận', phone: '0905123456' },
    };
    const created = await fetch(`${platform.url}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${platform.tokens.hotline_operator}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(report),
    });
    expect(created.status).toBe(201);
    const args = ['erase', '--case', caseId, '--grounds', 'DATA_SUBJECT_REQUEST', '--reference', '9/PYC'];
    const io = capture();
    expect(
      await run(
        [...args, '--person', reporterId, '--url', platform.url, '--data-dir', dataDir, '--json'],
        io,
        dataDir,
      ),
    ).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ caseId, subjectId: reporterId, events: ['PersonDataErased'] });
    const [received] = await platform.store.readStream(`case-${caseId}`);
    expect((received?.data as { reporter?: Record<string, unknown> } | undefined)?.reporter).toMatchObject({
      fullName: ERASED,
      phone: ERASED,
    });
    const stranger = capture();
    expect(
      await run(
        [...args, '--person', randomUUID(), '--url', platform.url, '--data-dir', dataDir],
        stranger,
        dataDir,
      ),
    ).toBe(1);
    expect(stranger.stderr).toContain('refused (422)');
  });

  it('names a missing or wrong argument, and reports a refusal', async () => {
    const io = capture();
    expect(
      await run(['erase', '--child', randomUUID(), '--grounds', 'BECAUSE', '--reference', 'x'], io, dataDir),
    ).toBe(2);
    expect(io.stderr).toContain('--grounds is one of DATA_SUBJECT_REQUEST');
    expect(await run(['erase', '--grounds', 'GUARDIAN_REQUEST', '--reference', 'x'], io, dataDir)).toBe(2);
    const refused = capture();
    const args = ['erase', '--child', randomUUID(), '--grounds', 'GUARDIAN_REQUEST', '--reference', '1/QĐ'];
    expect(
      await run(
        [...args, '--url', platform.url, '--token', platform.tokens.commune_officer],
        refused,
        dataDir,
      ),
    ).toBe(1);
    expect(refused.stderr).toContain('could not be read (404)');
  });
});
