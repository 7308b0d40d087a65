import { randomUUID } from 'node:crypto';
import { logLeaves, subtreeRoot } from '@chungtay/audit';
import { openDemoStore, seedDemo } from '@chungtay/demo';
import {
  newEventId,
  type ProtectedEventStore,
  type RecordedEvent,
  type SqlEventStore,
} from '@chungtay/event-store';
import { ReferralApplication } from '@chungtay/referral';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildYearlyReport,
  complianceOf,
  ReportBuilder,
  readLog,
  replayAll,
  reportHtml,
  reportXlsx,
  type YearlyReport,
} from '../src/index.ts';

const now = new Date('2026-11-20T10:00:00+07:00');
const year = { from: '2026-01-01T00:00:00+07:00', to: '2027-01-01T00:00:00+07:00' };
let stored: SqlEventStore;
let store: ProtectedEventStore;
let events: RecordedEvent[];
let report: YearlyReport;

beforeAll(async () => {
  const demo = await openDemoStore();
  ({ stored, store } = demo);
  const { childIndex } = demo;
  await seedDemo({ store, childIndex, now, cases: 40 });
  events = [];
  await readLog(store, (event) => events.push(event));
  report = await buildYearlyReport(store, year, { asOf: now });
}, 120_000);
afterAll(() => store.close());

const inYear = (instant: string) =>
  instant >= '2025-12-31T17:00:00.000Z' && instant < '2026-12-31T17:00:00.000Z';

describe('the yearly report', () => {
  it('counts what the events say, per province, commune and agency, consistently', () => {
    const reports = events.filter(
      (event) =>
        event.type === 'ReportReceived' &&
        inYear(new Date((event.data as { receivedAt: string }).receivedAt).toISOString()),
    );
    expect(report.province.reportsReceived).toBe(reports.length);
    expect(report.province.reportsReceived).toBeGreaterThan(0);
    const communes = Object.values(report.communes);
    expect(communes.reduce((total, figures) => total + figures.reportsReceived, 0)).toBe(reports.length);
    const channels = Object.values(report.province.reportsByChannel).reduce(
      (total, count) => total + count,
      0,
    );
    expect(channels).toBe(reports.length);
    const issued = events.filter((event) => event.type === 'ReferralIssued').length;
    expect(report.province.referralsIssued).toBe(issued);
    const received = Object.values(report.agencies).reduce(
      (total, figures) => total + figures.referralsReceived,
      0,
    );
    expect(received).toBe(issued);
    const completed = events.filter((event) => event.type === 'ReferralCompleted').length;
    const outcomes = Object.values(report.agencies).reduce(
      (total, figures) =>
        total + Object.values(figures.referralOutcomes).reduce((sum, count) => sum + count, 0),
      0,
    );
    expect(outcomes).toBe(completed);
    const deadlines = Object.values(report.province.deadlines);
    expect(deadlines.reduce((total, share) => total + share.overdue, 0)).toBeGreaterThan(0);
    expect(deadlines.reduce((total, share) => total + share.met, 0)).toBeGreaterThan(0);
    expect(report.province.casesWithSupportOrIntervention).toBeGreaterThan(0);
    expect(report.province.casesWithSupportOrIntervention).toBeLessThanOrEqual(reports.length);
  });

  it('counts children by sex, age band and ethnicity, opened with the keys; sealed ones count as unknown', async () => {
    const registered = events.filter((event) => event.type === 'ChildRegistered');
    expect(report.children.children).toBe(registered.length);
    for (const counts of [report.children.bySex, report.children.byAgeBand, report.children.byEthnicity])
      expect(Object.values(counts).reduce((total, count) => total + count, 0)).toBe(registered.length);
    expect(report.children.byEthnicity.Kinh).toBeGreaterThan(0);
    expect(report.children.byEthnicity.UNKNOWN).toBeUndefined();
    expect(report.children.underFiveBirthRegistered).toBeLessThanOrEqual(report.children.underFive);
    expect(report.sealedFieldsSeen).toBe(0);
    // Without the keys (the raw store), ethnicity is sealed: counted as unknown, and the report says so.
    const sealed = await buildYearlyReport(stored, year, { asOf: now });
    expect(sealed.children.byEthnicity).toEqual({ UNKNOWN: registered.length });
    expect(sealed.sealedFieldsSeen).toBeGreaterThan(0);
  });

  it('is pinned to a log prefix: the same prefix gives the same figures after the log grew', async () => {
    const { leaves } = await logLeaves(store);
    expect(report.pinnedTo.logSize).toBe(events.length);
    expect(report.pinnedTo.root).toBe(subtreeRoot(leaves).toString('hex'));
    const half = Math.floor(events.length / 2);
    const early = await buildYearlyReport(store, year, { asOf: now, upTo: half });
    expect(early.pinnedTo.logSize).toBe(half);
    expect(early.pinnedTo.root).toBe(subtreeRoot(leaves.slice(0, half)).toString('hex'));
    const again = await buildYearlyReport(store, year, { asOf: now, upTo: half });
    expect(again).toEqual(early);
    expect(early.province.reportsReceived).toBeLessThanOrEqual(report.province.reportsReceived);
    await expect(buildYearlyReport(store, year, { upTo: events.length + 1 })).rejects.toThrow(RangeError);
    expect(() => new ReportBuilder({ from: year.to, to: year.from })).toThrow(RangeError);
  });

  it('a pinned report of a period still running is the same bytes after the log grew (issue 17, item 7)', async () => {
    const half = Math.floor(events.length / 2);
    // No asOf: judged at the prefix's own last recorded event, never the wall clock.
    const first = await buildYearlyReport(store, year, { upTo: half });
    const lastRecorded = events
      .slice(0, half)
      .reduce((latest, event) => Math.max(latest, event.recordedAt.getTime()), 0);
    expect(first.judgedAt).toBe(new Date(Math.min(lastRecorded, Date.parse(year.to))).toISOString());
    const [firstXlsx, firstHtml] = [await reportXlsx(first), reportHtml(first)];
    await store.appendToStream(
      `case-${randomUUID()}`,
      [
        {
          id: newEventId(),
          type: 'InvestigationOpened',
          schemaVersion: 1,
          data: { investigationId: randomUUID(), openedAt: '2026-11-30T09:00:00+07:00', unit: 'CA' },
          metadata: {
            actor: { userId: 'u', agency: 'police', role: 'police_investigator' },
            correlationId: randomUUID(),
            occurredAt: '2026-11-30T09:00:00+07:00',
          },
        },
      ],
      'no_stream',
    );
    const second = await buildYearlyReport(store, year, { upTo: half });
    expect(second).toEqual(first);
    expect((await reportXlsx(second)).equals(firstXlsx)).toBe(true);
    expect(reportHtml(second)).toBe(firstHtml);
    // An explicit instant is written on the report and in its recompute command.
    const asOf = await buildYearlyReport(store, year, { upTo: half, asOf: now });
    expect(asOf).toMatchObject({ judgedAt: now.toISOString(), asOf: now.toISOString() });
    expect(reportHtml(asOf)).toContain(`--as-of ${now.toISOString()}`);
  });

  it('writes an HTML page and a workbook in Vietnamese, with figures and no personal data', async () => {
    const html = reportHtml(report);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Báo cáo kết quả công tác bảo vệ trẻ em năm 2026');
    expect(html).toContain('phường Quy Nhơn');
    expect(html).toContain('Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh');
    expect(html).toContain('<svg');
    expect(html).toContain(report.pinnedTo.root);
    const names = events
      .filter((event) => event.type === 'ChildRegistered')
      .map((event) => (event.data as { fullName: string }).fullName);
    for (const name of names) expect(html).not.toContain(name);

    const workbook = new ExcelJS.Workbook();
    const bytes = await reportXlsx(report);
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Tổng hợp',
      'Theo xã, phường',
      'Theo cơ quan',
      'Nguồn số liệu',
    ]);
    const summary = workbook.getWorksheet('Tổng hợp');
    expect(summary?.getCell('A3').value).toBe('Số tin báo, tố giác tiếp nhận');
    expect(summary?.getCell('B3').value).toBe(report.province.reportsReceived);
    const communes = workbook.getWorksheet('Theo xã, phường');
    expect(communes?.rowCount).toBe(Object.keys(report.communes).length + 2); // the title, the header, a row each
  });
});

describe('compliance and replay from the log', () => {
  it('lists a commune’s cases with their deadlines, unanswered referrals, follow-up and viewers', async () => {
    const quyNhon = events.filter(
      (event) =>
        event.type === 'ReportReceived' &&
        (event.data as { incidentCommuneCode: string }).incidentCommuneCode === '21583',
    );
    const viewed = (quyNhon[0]?.data as { caseId: string } | undefined)?.caseId as string;
    await store.appendToStream(
      `access-${viewed}`,
      [
        {
          id: newEventId(),
          type: 'CaseViewed',
          schemaVersion: 1,
          data: {
            caseId: viewed,
            viewedAt: now.toISOString(),
            lens: 'auditor',
            operation: 'Inspect',
            parts: ['case'],
          },
          metadata: {
            actor: { userId: 'auditor-7', agency: 'inspectorate', role: 'auditor' },
            correlationId: randomUUID(),
            occurredAt: now.toISOString(),
          },
        },
      ],
      'no_stream',
    );
    const compliance = await complianceOf(
      store,
      { communeCode: '21583', from: year.from, to: year.to },
      { now },
    );
    expect(compliance.lines.map((line) => line.caseId).sort()).toEqual(
      quyNhon.map((event) => (event.data as { caseId: string }).caseId).sort(),
    );
    expect(compliance.lines.every((line) => line.communeCode === '21583')).toBe(true);
    expect(compliance.totals.overdue).toBeGreaterThan(0);
    expect(compliance.totals.met + compliance.totals.metLate + compliance.totals.overdue).toBeGreaterThan(0);
    for (const line of compliance.lines)
      for (const deadline of line.deadlines)
        expect(deadline.lateByHours === null).toBe(deadline.status === 'MET' || deadline.status === 'OPEN');
    expect(compliance.lines.find((line) => line.caseId === viewed)?.viewings).toEqual([
      {
        userId: 'auditor-7',
        role: 'auditor',
        agency: 'inspectorate',
        lens: 'auditor',
        viewedAt: now.toISOString(),
      },
    ]);
    const referrals = new ReferralApplication(store, () => now);
    for (const line of compliance.lines) {
      const { state } = await referrals.load(line.caseId);
      const expected = Object.values(state.referrals).filter(
        (referral) =>
          ['OFFERED', 'CLAIMED'].includes(referral.status) && Date.parse(referral.dueAt) < now.getTime(),
      );
      expect(line.unansweredReferrals.map((referral) => referral.referralId).sort()).toEqual(
        expected.map((referral) => referral.referralId).sort(),
      );
    }
    const one = await complianceOf(store, { caseId: viewed }, { now });
    expect(one.lines).toHaveLength(1);
    expect(await complianceOf(store, { communeCode: '99999' }, { now })).toMatchObject({
      lines: [],
      totals: { cases: 0 },
    });
  });

  it('replays every case of the log, counted by status', async () => {
    const replayed = await replayAll(store);
    expect(replayed.cases).toBe(events.filter((event) => event.type === 'ReportReceived').length);
    expect(Object.values(replayed.byStatus).reduce((sum, count) => sum + count, 0)).toBe(replayed.cases);
    expect(replayed.byStatus.CLOSED).toBeGreaterThan(0);
    expect(replayed.events).toBeGreaterThanOrEqual(events.length);
  });
});
