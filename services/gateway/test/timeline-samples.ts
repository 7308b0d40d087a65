import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';

export const QUY_NHON = '21583';
/** The commune a sample case is transferred to and back from (decision 0058). */
export const PLEIKU = '23575';
export const at = (local: string) => new Date(`${local}+07:00`).toISOString();

const by = (role: string, agency: Actor['agency'], communeCode?: string): Actor => ({
  userId: `${role}-writer`,
  agency,
  role,
  ...(communeCode ? { communeCode } : {}),
});
export const writers = {
  hotline: by('hotline_operator', 'hotline'),
  commune: by('commune_officer', 'commune', QUY_NHON),
  chair: by('commune_chair', 'commune', QUY_NHON),
  police: by('police_investigator', 'police', QUY_NHON),
  health: by('health_worker', 'health', QUY_NHON),
  legalAid: by('legal_aid_officer', 'legal_aid'),
  school: by('school_safety_officer', 'education', QUY_NHON),
  system: by('deadline_watcher', 'system'),
  provincial: by('provincial_coordinator', 'provincial'),
  pleikuOfficer: by('commune_officer', 'commune', PLEIKU),
  pleikuChair: by('commune_chair', 'commune', PLEIKU),
};

/**
 * One valid event of every case event type, in an order the case process allows, each with the writer who
 * would record it. Personal values are distinctive strings, so a leak is easy to find in an answer.
 */
export function sampleTimeline(caseId: string): Array<{ event: CaseEvent; actor: Actor }> {
  const childId = randomUUID();
  const planId = randomUUID();
  const healthTask = randomUUID();
  const schoolTask = randomUUID();
  const investigationId = randomUUID();
  const legalReferral = randomUUID();
  const healthReferral = randomUUID();
  const child = { childId };
  // Drafted, returned, drafted again, approved: the plan's agencies are involved once it is approved.
  const planDrafted: CaseEvent = {
    type: 'SupportPlanDrafted',
    data: {
      ...child,
      planId,
      draftedAt: at('2026-03-05T10:00:00'),
      summary: 'SUPPORT-SUMMARY-SECRET',
      tasks: [
        {
          taskId: healthTask,
          measure: 'MEDICAL_CARE',
          responsibleAgency: 'health',
          description: 'HEALTH-TASK-SECRET khám',
          dueDate: '2026-03-20',
        },
        {
          taskId: schoolTask,
          measure: 'FAMILY_REUNIFICATION',
          responsibleAgency: 'education',
          description: 'SCHOOL-TASK-SECRET hỗ trợ học tập',
          dueDate: '2026-03-31',
        },
      ],
    },
  };
  const steps: Array<[CaseEvent, Actor]> = [
    [
      {
        type: 'ReportReceived',
        data: {
          caseId,
          receivedAt: at('2026-03-02T08:00:00'),
          channel: 'HOTLINE_111',
          receivingAgency: 'hotline',
          incidentCommuneCode: QUY_NHON,
          category: 'ABUSED',
          formsOfHarm: ['VIOLENCE', 'SEXUAL_ABUSE'],
          child: { childId, fullName: 'Siu H’Yến', estimatedAge: 11, sex: 'FEMALE' },
          relatives: [{ personId: randomUUID(), relation: 'MOTHER', fullName: 'Rơ Châm H’Nhi' }],
          narrative: 'NARRATIVE-SECRET trẻ bị đánh.',
          reporter: {
            consentToRecordIdentity: true,
            reporterId: randomUUID(),
            fullName: 'REPORTER-SECRET Ksor Blơi',
            phone: '0912345678',
          },
        },
      },
      writers.hotline,
    ],
    [
      {
        type: 'ReportForwardedToCommune',
        data: { toCommuneCode: QUY_NHON, forwardedAt: at('2026-03-02T08:30:00') },
      },
      writers.hotline,
    ],
    [
      {
        type: 'InitialAssessmentCompleted',
        data: {
          ...child,
          assessedAt: at('2026-03-02T10:00:00'),
          riskLevel: 'HIGH',
          childInSeriousDanger: true,
          emergencyMeasure: 'TEMPORARY_SEPARATION',
          findings: 'FINDINGS-SECRET vết bầm.',
        },
      },
      writers.commune,
    ],
    [
      {
        type: 'EmergencyInterventionTaken',
        data: {
          ...child,
          takenAt: at('2026-03-02T11:00:00'),
          actions: ['MOVED_TO_SAFETY'],
          notes: 'EMERGENCY-SECRET',
        },
      },
      writers.commune,
    ],
    [
      {
        type: 'TemporarySeparationDecided',
        data: {
          ...child,
          decidedAt: at('2026-03-02T12:00:00'),
          until: at('2026-03-16T12:00:00'),
          placement: 'RELATIVE',
          placementDetails: 'PLACEMENT-SECRET nhà bà ngoại',
          decisionNumber: '01/QĐ-UBND',
        },
      },
      writers.chair,
    ],
    [
      {
        type: 'SeparationExtended',
        data: {
          extendedAt: at('2026-03-13T09:00:00'),
          until: at('2026-03-30T12:00:00'),
          competentAuthority: 'TAND khu vực',
          decisionReference: '05/QĐ-TA',
        },
      },
      writers.chair,
    ],
    [
      {
        type: 'SeparationEnded',
        data: {
          ...child,
          endedAt: at('2026-03-20T09:00:00'),
          reason: 'CAREGIVER_SAFE',
          notes: 'ENDED-SECRET',
        },
      },
      writers.chair,
    ],
    [
      {
        type: 'DetailedAssessmentCompleted',
        data: {
          ...child,
          assessedAt: at('2026-03-04T10:00:00'),
          needs: ['MEDICAL_CARE', 'FAMILY_REUNIFICATION'],
          needsMeetingHeldAt: at('2026-03-04T09:00:00'),
          meetingMinutesReference: 'BB-01/2026',
          findings: 'DETAILED-SECRET',
        },
      },
      writers.commune,
    ],
    [planDrafted, writers.commune],
    [
      {
        type: 'SupportPlanReturned',
        data: { planId, returnedAt: at('2026-03-05T15:00:00'), reason: 'Bổ sung' },
      },
      writers.chair,
    ],
    [planDrafted, writers.commune],
    [
      {
        type: 'SupportPlanApproved',
        data: { planId, approvedAt: at('2026-03-06T10:00:00'), decisionNumber: '15/QĐ-UBND' },
      },
      writers.chair,
    ],
    [
      {
        type: 'InterventionTaskCompleted',
        data: {
          ...child,
          planId,
          taskId: healthTask,
          completedAt: at('2026-03-18T10:00:00'),
          outcome: 'OUTCOME-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'MonitoringVisitRecorded',
        data: {
          ...child,
          visitedAt: at('2026-03-25T10:00:00'),
          childSituation: 'IMPROVING',
          notes: 'VISIT-SECRET',
        },
      },
      writers.commune,
    ],
    [
      {
        type: 'CaseReviewed',
        data: {
          ...child,
          reviewedAt: at('2026-04-10T10:00:00'),
          ratings: {
            remainingHarm: 'LOW',
            abuserAccess: 'LOW',
            careEnvironmentObstacles: 'LOW',
            childProtectiveCapacity: 'HIGH',
          },
          proposal: 'REPLAN',
          notes: 'REVIEW-SECRET',
        },
      },
      writers.commune,
    ],
    [
      { type: 'CaseReplanned', data: { decidedAt: at('2026-04-11T10:00:00'), reason: 'Cần kế hoạch mới' } },
      writers.chair,
    ],
    [
      {
        type: 'DeadlineMissed',
        data: {
          deadlineId: 'SUPPORT_PLAN_DRAFT:2',
          kind: 'SUPPORT_PLAN_DRAFT',
          dueAt: at('2026-04-20T17:00:00'),
          detectedAt: at('2026-04-21T00:00:00'),
          managerId: 'officer-quy-nhon-1',
        },
      },
      writers.system,
    ],
    [
      {
        type: 'InvestigationOpened',
        data: { investigationId, openedAt: at('2026-03-02T10:30:00'), unit: 'Công an phường Quy Nhơn' },
      },
      writers.police,
    ],
    [
      {
        type: 'StatementRecorded',
        data: {
          investigationId,
          ...child,
          statementId: randomUUID(),
          recordedAt: at('2026-03-02T11:00:00'),
          from: 'WITNESS',
          summary: 'STATEMENT-SECRET',
        },
      },
      writers.police,
    ],
    [
      {
        type: 'EvidenceCollected',
        data: {
          investigationId,
          ...child,
          evidenceId: randomUUID(),
          collectedAt: at('2026-03-03T09:00:00'),
          kind: 'FORENSIC_REPORT',
          reference: 'GĐ-12/2026',
          description: 'EVIDENCE-SECRET',
        },
      },
      writers.police,
    ],
    [
      {
        type: 'SuspectIdentified',
        data: {
          investigationId,
          suspectId: randomUUID(),
          identifiedAt: at('2026-03-03T15:00:00'),
          relationToChild: 'STEP_PARENT',
          details: 'SUSPECT-SECRET',
        },
      },
      writers.police,
    ],
    [
      {
        type: 'ProtectiveMeasureRequested',
        data: {
          investigationId,
          ...child,
          requestedAt: at('2026-03-03T16:00:00'),
          measure: 'NO_CONTACT',
          details: 'MEASURE-SECRET',
        },
      },
      writers.police,
    ],
    [
      {
        type: 'ReferredForProsecution',
        data: {
          investigationId,
          referredAt: at('2026-03-20T09:00:00'),
          procuracy: 'VKSND khu vực',
          offences: ['Điều 134'],
        },
      },
      writers.police,
    ],
    [
      {
        type: 'InvestigationClosed',
        data: { investigationId, closedAt: at('2026-03-21T09:00:00'), outcome: 'PROSECUTED' },
      },
      writers.police,
    ],
    [
      {
        type: 'ReferralIssued',
        data: {
          referralId: legalReferral,
          childId,
          issuedAt: at('2026-03-04T11:00:00'),
          toAgency: 'legal_aid',
          reason: 'REFERRAL-REASON-SECRET tư vấn pháp lý',
          urgency: 'URGENT',
          dueAt: at('2026-03-06T17:00:00'),
          sharingBasis: 'CONSENT',
          source: 'OFFICER',
        },
      },
      writers.commune,
    ],
    [
      { type: 'ReferralClaimed', data: { referralId: legalReferral, claimedAt: at('2026-03-04T14:00:00') } },
      writers.legalAid,
    ],
    [
      {
        type: 'ReferralAccepted',
        data: { referralId: legalReferral, acceptedAt: at('2026-03-04T14:05:00') },
      },
      writers.legalAid,
    ],
    [
      { type: 'ReferralStarted', data: { referralId: legalReferral, startedAt: at('2026-03-05T09:00:00') } },
      writers.legalAid,
    ],
    [
      {
        type: 'ReferralCompleted',
        data: {
          referralId: legalReferral,
          childId,
          completedAt: at('2026-03-10T16:00:00'),
          outcome: 'SERVICE_PROVIDED',
          summary: 'LEGAL-OUTCOME-SECRET đã tư vấn',
        },
      },
      writers.legalAid,
    ],
    [
      {
        type: 'LegalAidOfficerAssigned',
        data: {
          referralId: legalReferral,
          assignedAt: at('2026-03-04T15:00:00'),
          officerId: 'legal_aid_officer-writer',
        },
      },
      writers.legalAid,
    ],
    [
      {
        type: 'LegalAdviceGiven',
        data: {
          referralId: legalReferral,
          childId,
          givenAt: at('2026-03-05T10:00:00'),
          topic: 'CUSTODY',
          summary: 'LEGAL-ADVICE-SECRET',
        },
      },
      writers.legalAid,
    ],
    [
      {
        type: 'LegalRepresentationProvided',
        data: {
          referralId: legalReferral,
          childId,
          providedAt: at('2026-03-06T10:00:00'),
          kind: 'ACCOMPANIMENT',
          proceeding: 'INVESTIGATION',
          proceedingReference: 'VV-12/2026',
        },
      },
      writers.legalAid,
    ],
    [
      {
        type: 'LegalAidClosed',
        data: {
          referralId: legalReferral,
          childId,
          closedAt: at('2026-03-10T15:00:00'),
          outcome: 'RIGHTS_PROTECTED',
          summary: 'LEGAL-CLOSED-SECRET',
        },
      },
      writers.legalAid,
    ],
    [
      {
        type: 'MedicalExaminationRecorded',
        data: {
          childId,
          examinationId: randomUUID(),
          examinedAt: at('2026-03-05T09:00:00'),
          facility: 'Bệnh viện Đa khoa tỉnh Gia Lai',
          careNeeded: 'OUTPATIENT',
          findings: 'MEDICAL-FINDINGS-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'ForensicExaminationRecorded',
        data: {
          childId,
          examinationId: randomUUID(),
          examinedAt: at('2026-03-05T14:00:00'),
          facility: 'Trung tâm Pháp y tỉnh',
          investigationId,
          resultReference: 'GĐ-07/2026',
          findings: 'FORENSIC-FINDINGS-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'PsychologicalSupportSessionRecorded',
        data: {
          childId,
          sessionAt: at('2026-03-06T15:00:00'),
          sessionNumber: 1,
          notes: 'PSYCH-NOTES-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'RehabilitationRecorded',
        data: {
          childId,
          recordedAt: at('2026-03-07T10:00:00'),
          kind: 'PSYCHOLOGICAL',
          plan: 'REHAB-PLAN-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'MedicalDischarged',
        data: {
          childId,
          dischargedAt: at('2026-03-08T10:00:00'),
          facility: 'Bệnh viện Đa khoa tỉnh Gia Lai',
          followUpNeeded: true,
          summary: 'DISCHARGE-SECRET',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'SchoolIncidentReported',
        data: {
          childId,
          incidentId: randomUUID(),
          occurredAt: at('2026-03-01T10:00:00'),
          kind: 'BULLYING',
          school: 'Trường THCS Quy Nhơn',
          description: 'SCHOOL-INCIDENT-SECRET',
        },
      },
      writers.school,
    ],
    [
      {
        type: 'SchoolSafetyPlanAgreed',
        data: {
          childId,
          agreedAt: at('2026-03-09T10:00:00'),
          measures: ['SUPERVISION'],
          details: 'SCHOOL-PLAN-SECRET',
        },
      },
      writers.school,
    ],
    [
      {
        type: 'ReintegrationSupportRecorded',
        data: {
          childId,
          recordedAt: at('2026-03-12T10:00:00'),
          support: 'RETURN_TO_CLASS',
          notes: 'REINTEGRATION-SECRET',
        },
      },
      writers.school,
    ],
    [
      {
        type: 'ReferralIssued',
        data: {
          referralId: healthReferral,
          childId,
          issuedAt: at('2026-03-04T11:30:00'),
          toAgency: 'health',
          reason: 'HEALTH-REFERRAL-SECRET khám sức khỏe',
          urgency: 'ROUTINE',
          dueAt: at('2026-03-09T17:00:00'),
          sharingBasis: 'LEGAL_DUTY',
          source: 'OFFICER',
        },
      },
      writers.commune,
    ],
    [
      {
        type: 'ReferralEscalated',
        data: {
          referralId: healthReferral,
          escalatedAt: at('2026-03-09T18:00:00'),
          dueAt: at('2026-03-09T17:00:00'),
          toRole: 'provincial_coordinator',
        },
      },
      writers.system,
    ],
    [
      { type: 'ReferralClaimed', data: { referralId: healthReferral, claimedAt: at('2026-03-10T08:00:00') } },
      writers.health,
    ],
    [
      {
        type: 'ReferralDeclined',
        data: {
          referralId: healthReferral,
          declinedAt: at('2026-03-10T08:30:00'),
          reason: 'Chuyển tuyến bệnh viện tỉnh',
        },
      },
      writers.health,
    ],
    [
      {
        type: 'ReferralWithdrawn',
        data: {
          referralId: healthReferral,
          withdrawnAt: at('2026-03-10T09:00:00'),
          reason: 'Đã chuyển nơi khác',
        },
      },
      writers.commune,
    ],
    [
      { type: 'CaseClosed', data: { closedAt: at('2026-05-10T10:00:00'), reason: 'RISK_RESOLVED' } },
      writers.chair,
    ],
    [
      {
        type: 'CaseReopened',
        data: { reopenedAt: at('2026-05-20T10:00:00'), reason: 'Phát hiện nguy cơ mới' },
      },
      writers.chair,
    ],
    [
      {
        type: 'PersonDataErased',
        data: {
          subjectId: randomUUID(),
          subjectKind: 'RELATIVE',
          erasedAt: at('2026-05-21T10:00:00'),
          grounds: 'DATA_SUBJECT_REQUEST',
          reference: '12/PYC-SYT',
        },
      },
      writers.provincial,
    ],
    [
      {
        type: 'CaseManagerAssigned',
        data: { managerId: 'officer-quy-nhon-1', assignedAt: at('2026-05-21T11:00:00') },
      },
      writers.chair,
    ],
    // Offered to Pleiku, which refuses; offered again and withdrawn; then handed over and, later, back.
    ...transfers(childId),
  ];
  return steps.map(([event, actor]) => ({ event, actor }));
}

/** Every kind of transfer event, leaving the case where it started (Quy Nhơn). */
function transfers(childId: string): Array<[CaseEvent, Actor]> {
  const request = (from: string, to: string, local: string): CaseEvent => ({
    type: 'CaseTransferRequested',
    data: {
      childId,
      fromCommuneCode: from,
      toCommuneCode: to,
      reason: 'CHILD_MOVED',
      notes: 'TRANSFER-NOTES-SECRET gia đình chuyển nhà',
      requestedAt: at(local),
    },
  });
  const accept = (from: string, to: string, local: string): CaseEvent => ({
    type: 'CaseTransferAccepted',
    data: { fromCommuneCode: from, toCommuneCode: to, acceptedAt: at(local) },
  });
  return [
    [request(QUY_NHON, PLEIKU, '2026-05-22T09:00:00'), writers.chair],
    [
      {
        type: 'CaseTransferRefused',
        data: {
          childId,
          toCommuneCode: PLEIKU,
          refusedAt: at('2026-05-22T10:00:00'),
          reason: 'TRANSFER-REFUSAL-SECRET chưa xác minh nơi ở',
        },
      },
      writers.pleikuOfficer,
    ],
    [request(QUY_NHON, PLEIKU, '2026-05-23T09:00:00'), writers.commune],
    [
      {
        type: 'CaseTransferWithdrawn',
        data: { toCommuneCode: PLEIKU, withdrawnAt: at('2026-05-23T10:00:00') },
      },
      writers.commune,
    ],
    [request(QUY_NHON, PLEIKU, '2026-05-25T09:00:00'), writers.chair],
    [accept(QUY_NHON, PLEIKU, '2026-05-25T10:00:00'), writers.pleikuChair],
    [request(PLEIKU, QUY_NHON, '2026-05-26T09:00:00'), writers.pleikuOfficer],
    [accept(PLEIKU, QUY_NHON, '2026-05-26T10:00:00'), writers.chair],
  ];
}
