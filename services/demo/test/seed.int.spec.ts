import { WorkingCalendar } from '@chungtay/calendar';
import { CaseApplication, defaultDeadlinePolicy } from '@chungtay/case';
import { giaLaiCommunes } from '@chungtay/contracts';
import { type ProtectedEventStore, type RecordedEvent, START } from '@chungtay/event-store';
import { derivedUuid, ReferralApplication } from '@chungtay/referral';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, demoStages, openDemoStore, seedDemo } from '../src/index.ts';

const now = new Date('2026-11-29T10:00:00+07:00');

describe('the Gia Lai demo, made through the services’ deciders on the embedded store', () => {
  let store: ProtectedEventStore;
  let summary: DemoSummary;
  let events: RecordedEvent[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const demo = await openDemoStore();
    store = demo.store;
    const childIndex = demo.childIndex;
    summary = await seedDemo({ store, childIndex, now, cases: 36 });
    events = [];
    for (let after = START; ; ) {
      const page = await store.readAll({ after, maxCount: 1_000 });
      if (page.length === 0) break;
      events.push(...page);
      after = (page.at(-1) as RecordedEvent).position;
    }
    close = () => store.close();
  }, 120_000);
  afterAll(() => close());

  const caseIds = () => [
    ...new Set(events.filter((event) => event.streamId.startsWith('case-')).map((e) => e.streamId.slice(5))),
  ];

  it('takes cases to every stage of the process, in real communes, none after the present', () => {
    expect(summary.cases).toBe(36);
    expect(Object.keys(summary.stages).sort()).toEqual([...demoStages].sort());
    expect(caseIds()).toHaveLength(36);
    const codes = new Set(giaLaiCommunes.map((commune) => commune.code));
    const reports = events.filter((event) => event.type === 'ReportReceived');
    for (const report of reports)
      expect(codes.has((report.data as { incidentCommuneCode: string }).incidentCommuneCode)).toBe(true);
    expect(summary.communes).toBe(8); // Quy Nhơn (every stage twice), Pleiku (6 cases), then one case in each of 6 more
    // Every stated moment (receivedAt, assessedAt, …) is in the demo's past; the store's own recordedAt is
    // when the seeder wrote it, as for any append.
    for (const event of events)
      for (const [field, value] of Object.entries(event.data as Record<string, unknown>))
        if (field.endsWith('At') && field !== 'dueAt' && typeof value === 'string')
          expect(Date.parse(value), `${event.type}.${field}`).toBeLessThanOrEqual(now.getTime());
  });

  it('folds to every case status, with overdue legal deadlines among them', async () => {
    const cases = new CaseApplication(store, defaultDeadlinePolicy, WorkingCalendar.default(), () => now);
    const statuses = new Set<string>();
    const deadlineStatuses = new Set<string>();
    for (const caseId of caseIds()) {
      const { state } = await cases.load(caseId);
      statuses.add(state.status);
      for (const deadline of cases.deadlines(state, now)) deadlineStatuses.add(deadline.status);
    }
    expect([...statuses].sort()).toEqual(
      [
        'AT_COMMUNE',
        'CLOSED',
        'DETAILED_ASSESSED',
        'INITIAL_ASSESSED',
        'IN_IMPLEMENTATION',
        'PLAN_DRAFTED',
        'REPORTED',
        'REVIEWED',
      ].sort(),
    );
    expect(deadlineStatuses).toEqual(new Set(['MET', 'MET_LATE', 'OPEN', 'OVERDUE']));
  });

  it('has referrals in every state, escalated ones too, issued by the platform’s own reactions', async () => {
    const referrals = new ReferralApplication(store, () => now);
    const statuses = new Set<string>();
    let escalated = 0;
    for (const caseId of caseIds()) {
      const { state } = await referrals.load(caseId);
      for (const referral of Object.values(state.referrals)) {
        statuses.add(referral.status);
        if (referral.escalated) escalated++;
      }
    }
    expect([...statuses].sort()).toEqual(
      ['ACCEPTED', 'CLAIMED', 'COMPLETED', 'DECLINED', 'IN_PROGRESS', 'OFFERED', 'WITHDRAWN'].sort(),
    );
    expect(escalated).toBeGreaterThan(0);
    // The referral worker derives the same ids from the same events, so it finds these already issued.
    const approvals = events.filter((event) => event.type === 'SupportPlanApproved');
    expect(approvals.length).toBeGreaterThan(0);
    for (const approval of approvals) {
      const issued = events.filter(
        (event) =>
          event.streamId === approval.streamId &&
          event.type === 'ReferralIssued' &&
          (event.data as { source: string }).source === 'PLAN_TASK',
      );
      const taskIds = issued.map((event) => (event.data as { taskId: string }).taskId);
      for (const [index, event] of issued.entries())
        expect((event.data as { referralId: string }).referralId).toBe(
          derivedUuid(approval.id, taskIds[index] as string),
        );
    }
  });

  it('records police investigations and legal-aid, medical and school work', () => {
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'InvestigationOpened',
      'StatementRecorded',
      'EvidenceCollected',
      'LegalAidOfficerAssigned',
      'LegalAdviceGiven',
      'MedicalExaminationRecorded',
      'PsychologicalSupportSessionRecorded',
      'SchoolSafetyPlanAgreed',
      'TemporarySeparationDecided',
      'SeparationEnded',
      'SupportPlanReturned',
      'DeadlineMissed',
      'CaseClosed',
      'CaseReopened',
      'ChildRegistered',
      'ChildLinkedToCase',
    ])
      expect.soft(types.has(type), type).toBe(true);
  });

  it('names children as Kinh, Jrai and Bahnar families do, with their ethnicity on the child record', () => {
    const registered = events
      .filter((event) => event.type === 'ChildRegistered')
      .map((event) => event.data as { fullName: string; ethnicity: string; birthRegistration: string });
    expect(registered.length).toBe(summary.children);
    const ethnicities = new Set(registered.map((child) => child.ethnicity));
    expect(ethnicities.has('Kinh')).toBe(true);
    for (const child of registered) expect(child.fullName.split(' ').length).toBeGreaterThanOrEqual(2);
  });

  it('names a case of each kind in phường Quy Nhơn for the start banner, and an unclaimed referral', async () => {
    const { newReport, monitoredCase, closedCase, openReferral } = summary.showcase;
    const cases = new CaseApplication(store, defaultDeadlinePolicy, WorkingCalendar.default(), () => now);
    expect((await cases.load(newReport as string)).state.status).toBe('REPORTED');
    expect((await cases.load(monitoredCase as string)).state.status).toBe('IN_IMPLEMENTATION');
    expect((await cases.load(closedCase as string)).state.status).toBe('CLOSED');
    const shared = (await cases.load(summary.showcase.sharedCase as string)).state;
    expect(shared.involvedAgencies).toEqual(expect.arrayContaining(['health', 'education']));
    const referrals = new ReferralApplication(store, () => now);
    const { state } = await referrals.load(openReferral?.caseId as string);
    expect(state.referrals[openReferral?.referralId as string]?.status).toBe('OFFERED');
    expect(state.caseState.communeCode).toBe('21583');
  });
});
