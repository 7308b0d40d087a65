import { WorkingCalendar } from '@chungtay/calendar';
import { CaseApplication, type ChildIndex, defaultDeadlinePolicy } from '@chungtay/case';
import { openDemoStore, seedDemo, staffOf } from '@chungtay/demo';
import type { ProtectedEventStore, SqlEventStore } from '@chungtay/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditorKey,
  createCheckpoint,
  exportCase,
  type InspectionBundle,
  inspectionHtml,
  verifyBundle,
} from '../src/index.ts';

let stored: SqlEventStore;
let readable: ProtectedEventStore;
let caseId: string;
let childIndex: ChildIndex;
const auditor = AuditorKey.generate();

beforeAll(async () => {
  const demo = await openDemoStore();
  ({ stored, store: readable, childIndex } = demo);
  const summary = await seedDemo({
    store: readable,
    childIndex,
    now: new Date('2026-11-20T10:00:00+07:00'),
    cases: 14,
  });
  caseId = summary.showcase.closedCase as string;
}, 120_000);
afterAll(() => readable.close());

const copy = (bundle: InspectionBundle): InspectionBundle => JSON.parse(JSON.stringify(bundle));

describe('the inspection bundle', () => {
  it('holds the whole case as stored with a proof per event, and verifies offline with the public key only', async () => {
    const checkpoint = await createCheckpoint(stored, auditor);
    const bundle = await exportCase(stored, caseId, checkpoint, { readable });
    const stream = await stored.readStream(`case-${caseId}`);
    expect(bundle.events.map((event) => event.id)).toEqual(stream.map((event) => event.id));
    const offline = JSON.parse(JSON.stringify(bundle));
    const publicOnly = AuditorKey.fromPublicPem(auditor.publicPem());
    expect(verifyBundle(offline, publicOnly)).toEqual({
      ok: true,
      events: stream.length,
      checkpointSize: checkpoint.size,
    });
    // The events are as stored: the child's name is sealed there, and opened only for the readable page.
    const report = bundle.events[0];
    expect(report?.type).toBe('ReportReceived');
    const opened = bundle.opened?.[report?.id as string] as { child: { fullName: string } } | undefined;
    const name = opened?.child.fullName as string;
    expect(name).toBeTruthy();
    expect(JSON.stringify(bundle.events)).not.toContain(name);
    const page = inspectionHtml(bundle);
    expect(page).toContain('Hồ sơ vụ việc — trích xuất phục vụ thanh tra');
    expect(page).toContain('Tiếp nhận thông báo, tố giác (Mẫu số 01)');
    expect(page).toContain(name);
    const sealedPage = inspectionHtml({ ...bundle, opened: undefined });
    expect(sealedPage).not.toContain(name);
    expect(sealedPage).toContain('[đã mã hóa]');
  });

  it('reports an altered event, a removed one, a forged checkpoint, a wrong key and a proof from elsewhere', async () => {
    const checkpoint = await createCheckpoint(stored, auditor);
    const bundle = await exportCase(stored, caseId, checkpoint);
    const altered = copy(bundle);
    (altered.events[2] as { data: Record<string, unknown> }).data = {
      ...(altered.events[2]?.data as object),
      decisionNumber: '999/QĐ-UBND',
    };
    expect(verifyBundle(altered, auditor)).toMatchObject({ ok: false, eventId: bundle.events[2]?.id });
    const removed = copy(bundle);
    removed.events.splice(1, 1);
    expect(verifyBundle(removed, auditor).ok).toBe(false);
    const forged = copy(bundle);
    forged.checkpoint.root = 'f'.repeat(64);
    expect(verifyBundle(forged, auditor)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('signature'),
    });
    expect(verifyBundle(bundle, AuditorKey.generate())).toMatchObject({ ok: false });
    const misplaced = copy(bundle);
    (misplaced.events[3] as { index: number }).index += 1;
    expect(verifyBundle(misplaced, auditor)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not in the log'),
    });
    expect(verifyBundle({ format: 'something else' }, auditor).ok).toBe(false);
  });

  it('covers only what the checkpoint signs: later events of the case are left out', async () => {
    const before = await createCheckpoint(stored, auditor);
    const stream = await stored.readStream(`case-${caseId}`);
    // The commune reopens the case after the checkpoint: that event is not covered yet.
    const cases = new CaseApplication(readable, defaultDeadlinePolicy, WorkingCalendar.default());
    await cases.handle(
      caseId,
      { type: 'ReopenCase', data: { reopenedAt: new Date().toISOString(), reason: 'Có tin báo mới.' } },
      { caller: staffOf('21583').commune_officer, expectedRevision: stream.length - 1 },
    );
    expect(await stored.readStream(`case-${caseId}`)).toHaveLength(stream.length + 1);
    const bundle = await exportCase(stored, caseId, before);
    expect(bundle.events).toHaveLength(stream.length);
    const after = await exportCase(stored, caseId, await createCheckpoint(stored, auditor));
    expect(after.events.at(-1)?.type).toBe('CaseReopened');
    expect(verifyBundle(after, auditor).ok).toBe(true);
    expect(verifyBundle(bundle, auditor).ok).toBe(true);
  });
});
