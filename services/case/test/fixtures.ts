import { randomUUID } from 'node:crypto';
import { WorkingCalendar } from '@chungtay/calendar';
import { agencyOfRole, type CaseEvent, type Role } from '@chungtay/contracts';
import type { Actor, Agency } from '@chungtay/event-store';
import { deciderSpec } from '@chungtay/testing';
import {
  type CaseCommand,
  type DecideContext,
  decide,
  defaultDeadlinePolicy,
  evolve,
  initialCaseState,
} from '../src/index.ts';

export const calendar = WorkingCalendar.default();
export const COMMUNE = '21583'; // Quy Nhơn
export const OTHER_COMMUNE = '23701';

export const actor = (role: Role, communeCode: string | undefined = COMMUNE): Actor => ({
  userId: `${role}-1`,
  agency: agencyOfRole[role],
  role,
  ...(communeCode ? { communeCode } : {}),
});
export const system: Actor = { userId: 'deadline-watcher', agency: 'system', role: 'deadline_watcher' };

/** A local Viet Nam time as an ISO instant. */
export const at = (local: string) => new Date(`${local}+07:00`).toISOString();

export const context = (who: Actor, now = '2026-03-02T10:00:00'): DecideContext => ({
  now: new Date(`${now}+07:00`),
  actor: who,
  policy: defaultDeadlinePolicy,
  calendar,
});

export const spec = deciderSpec<CaseCommand, CaseEvent, ReturnType<typeof initialCaseState>, DecideContext>({
  decide,
  evolve: (state, event) => evolve(state, event),
  initialState: initialCaseState,
});

export const ids = {
  caseId: randomUUID(),
  childId: randomUUID(),
  planId: randomUUID(),
  taskMedical: randomUUID(),
  taskLegal: randomUUID(),
  investigation: randomUUID(),
};

export const reportData = (
  overrides: Partial<Extract<CaseCommand, { type: 'ReceiveReport' }>['data']> = {},
) => ({
  caseId: ids.caseId,
  receivedAt: at('2026-03-02T08:00:00'),
  channel: 'HOTLINE_111' as const,
  incidentCommuneCode: COMMUNE,
  category: 'ABUSED' as const,
  formsOfHarm: ['VIOLENCE' as const],
  child: { childId: ids.childId, fullName: 'Nguyễn Ngọc Hân', estimatedAge: 9, sex: 'FEMALE' as const },
  relatives: [],
  narrative: 'Hàng xóm báo trẻ bị đánh nhiều lần.',
  reporter: { consentToRecordIdentity: false as const },
  ...overrides,
});

export const reported = (agency: Agency = 'hotline'): CaseEvent => ({
  type: 'ReportReceived',
  data: { ...reportData(), receivingAgency: agency },
});
export const forwarded: CaseEvent = {
  type: 'ReportForwardedToCommune',
  data: { toCommuneCode: COMMUNE, forwardedAt: at('2026-03-02T09:00:00') },
};
export const initiallyAssessed = (danger = false): CaseEvent => ({
  type: 'InitialAssessmentCompleted',
  data: {
    childId: ids.childId,
    assessedAt: at('2026-03-02T14:00:00'),
    riskLevel: danger ? 'HIGH' : 'MEDIUM',
    childInSeriousDanger: danger,
    emergencyMeasure: danger ? 'TEMPORARY_SEPARATION' : 'NONE',
    findings: 'Có dấu vết bầm tím ở tay.',
  },
});
export const detailedAssessed: CaseEvent = {
  type: 'DetailedAssessmentCompleted',
  data: {
    childId: ids.childId,
    assessedAt: at('2026-03-04T10:00:00'),
    needs: ['MEDICAL_CARE', 'LEGAL_AID'],
    needsMeetingHeldAt: at('2026-03-04T09:00:00'),
    meetingMinutesReference: 'BB-01/2026',
    findings: 'Cần khám sức khỏe và trợ giúp pháp lý.',
  },
};
export const planDrafted: CaseEvent = {
  type: 'SupportPlanDrafted',
  data: {
    childId: ids.childId,
    planId: ids.planId,
    draftedAt: at('2026-03-05T10:00:00'),
    summary: 'Khám sức khỏe, trợ giúp pháp lý, theo dõi hằng tháng.',
    tasks: [
      {
        taskId: ids.taskMedical,
        measure: 'MEDICAL_CARE',
        responsibleAgency: 'health',
        description: 'Khám và điều trị tại trạm y tế.',
        dueDate: '2026-03-20',
      },
      {
        taskId: ids.taskLegal,
        measure: 'LEGAL_AID',
        responsibleAgency: 'legal_aid',
        description: 'Tư vấn pháp luật cho gia đình.',
        dueDate: '2026-03-31',
      },
    ],
  },
};
export const planApproved: CaseEvent = {
  type: 'SupportPlanApproved',
  data: { planId: ids.planId, approvedAt: at('2026-03-06T10:00:00'), decisionNumber: '15/QĐ-UBND' },
};
export const reviewed = (proposal: 'CLOSE' | 'REPLAN'): CaseEvent => ({
  type: 'CaseReviewed',
  data: {
    childId: ids.childId,
    reviewedAt: at('2026-04-10T10:00:00'),
    ratings: {
      remainingHarm: 'LOW',
      abuserAccess: 'LOW',
      careEnvironmentObstacles: 'LOW',
      childProtectiveCapacity: 'HIGH',
    },
    proposal,
  },
});
export const inImplementation = [
  reported(),
  forwarded,
  initiallyAssessed(),
  detailedAssessed,
  planDrafted,
  planApproved,
];
