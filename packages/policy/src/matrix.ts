import type { CaseEventType, Role } from '@chungtay/contracts';

/**
 * What a reader may see of a piece of a case:
 * - `visible`: the value;
 * - `redacted`: that it exists (and when, and by which agency), not what it is;
 * - `masked`: personal data shown masked unless the reader states a reason to unmask (recorded);
 * - `own`: visible when it concerns the reader's own agency (its task, its referral), otherwise redacted;
 * - `hidden`: nothing, not even that it exists.
 */
export type Access = 'visible' | 'redacted' | 'masked' | 'own' | 'hidden';

/** The content of a timeline, as the rows of the brief's lens table (brief.md, "A starting point for the lenses"). */
export const categories = [
  'report_facts',
  'reporter_identity',
  'child_identity',
  'family',
  'assessments',
  'plan',
  'plan_details',
  'police_status',
  'police_details',
  'deadlines',
  'referrals',
  'case_manager',
  'legal_aid_work',
  'medical_summary',
  'medical_details',
  'forensic_result',
  'school_safety',
  'access_log',
] as const;
export type Category = (typeof categories)[number];

const V = 'visible';
const R = 'redacted';
const M = 'masked';
const O = 'own';
const H = 'hidden';

/**
 * The access matrix: per content category, per role. Reasons for every choice: docs/decisions/0018.
 * The hotline operator records reports but reads no case (issue 6), so its column is hidden throughout.
 */
export const matrix: Record<Category, Record<Role, Access>> = {
  //                   hotline  officer  chair  police  legal_aid  health  school  provincial  auditor
  report_facts: row(H, V, V, V, V, V, R, V, V),
  reporter_identity: row(H, V, V, V, H, H, H, H, M),
  child_identity: row(H, V, V, V, V, V, H, M, M),
  family: row(H, V, V, V, V, V, H, M, M),
  assessments: row(H, V, V, V, V, V, R, V, V),
  plan: row(H, V, V, V, V, V, O, V, V),
  // The plan's narrative beyond its tasks (its summary, why it was returned): the brief's "own tasks V, rest R"
  // for the school, who sees its own tasks and that a plan exists, not what the plan says of the family.
  plan_details: row(H, V, V, V, V, V, R, V, V),
  police_status: row(H, V, V, V, V, R, H, R, V),
  police_details: row(H, R, R, V, R, R, H, R, V),
  deadlines: row(H, V, V, V, O, O, O, V, V),
  referrals: row(H, V, V, V, O, O, O, V, V),
  // Which officer manages the case (an account id, no name): the commune's and the province's business; the
  // agencies learn that someone was assigned, which is all an id would tell them (decision 0057).
  case_manager: row(H, V, V, R, R, R, H, V, V),
  // The brief's rows for the agencies' own work (decision 0024).
  legal_aid_work: row(H, V, V, R, V, R, H, R, V),
  medical_summary: row(H, V, V, R, R, V, R, R, V),
  medical_details: row(H, R, R, R, R, V, R, R, V),
  forensic_result: row(H, V, V, V, R, V, R, R, V),
  school_safety: row(H, V, V, R, R, R, V, R, V),
  // Who viewed the case (the gateway's access log, not a timeline event): the brief's last row.
  access_log: row(H, V, V, H, H, H, H, V, V),
};

function row(
  hotline: Access,
  officer: Access,
  chair: Access,
  police: Access,
  legalAid: Access,
  health: Access,
  school: Access,
  provincial: Access,
  auditor: Access,
): Record<Role, Access> {
  return {
    hotline_operator: hotline,
    commune_officer: officer,
    commune_chair: chair,
    police_investigator: police,
    legal_aid_officer: legalAid,
    health_worker: health,
    school_safety_officer: school,
    provincial_coordinator: provincial,
    auditor,
  };
}

/** Names each field explicitly: a field added to a schema later stays hidden until it is named here. */
const all = (event: Category, fields: readonly string[], overrides: Record<string, Category> = {}) => ({
  event,
  fields: Object.fromEntries(fields.map((field) => [field, overrides[field] ?? event])) as Record<
    string,
    Category
  >,
});

/**
 * Each event type's own category (whether a reader learns that it happened), and the category of each of its
 * fields. A type or field missing here is hidden from everyone: default deny.
 */
export const eventContent: Partial<
  Record<CaseEventType, { readonly event: Category; readonly fields: Record<string, Category> }>
> = {
  ReportReceived: all(
    'report_facts',
    [
      'caseId',
      'receivedAt',
      'channel',
      'receivingAgency',
      'incidentCommuneCode',
      'residenceCommuneCode',
      'category',
      'formsOfHarm',
      'sexualAbuseKinds',
      'child',
      'relatives',
      'familySituation',
      'narrative',
      'likelyHarmIfNoAction',
      'actionsAlreadyTaken',
      'reporter',
    ],
    {
      residenceCommuneCode: 'child_identity',
      child: 'child_identity',
      relatives: 'family',
      familySituation: 'family',
      reporter: 'reporter_identity',
    },
  ),
  ReportForwardedToCommune: all('report_facts', ['toCommuneCode', 'forwardedAt']),
  CaseManagerAssigned: all('case_manager', ['managerId', 'assignedAt']),
  // Where the case is, as its forwarding is; why the communes moved it is theirs and the province's, as who
  // manages it is (decision 0058).
  CaseTransferRequested: all(
    'report_facts',
    ['childId', 'fromCommuneCode', 'toCommuneCode', 'reason', 'notes', 'requestedAt'],
    { notes: 'case_manager' },
  ),
  CaseTransferAccepted: all('report_facts', ['fromCommuneCode', 'toCommuneCode', 'acceptedAt']),
  CaseTransferRefused: all('report_facts', ['childId', 'toCommuneCode', 'refusedAt', 'reason'], {
    reason: 'case_manager',
  }),
  CaseTransferWithdrawn: all('report_facts', ['toCommuneCode', 'withdrawnAt']),
  InitialAssessmentCompleted: all('assessments', [
    'childId',
    'assessedAt',
    'riskLevel',
    'childInSeriousDanger',
    'emergencyMeasure',
    'findings',
  ]),
  EmergencyInterventionTaken: all('assessments', ['childId', 'takenAt', 'actions', 'notes']),
  TemporarySeparationDecided: all(
    'assessments',
    ['childId', 'decidedAt', 'until', 'placement', 'placementDetails', 'decisionNumber'],
    {
      placementDetails: 'family',
    },
  ),
  SeparationExtended: all('assessments', ['extendedAt', 'until', 'competentAuthority', 'decisionReference']),
  SeparationEnded: all('assessments', ['childId', 'endedAt', 'reason', 'notes']),
  DetailedAssessmentCompleted: all('assessments', [
    'childId',
    'assessedAt',
    'needs',
    'needsMeetingHeldAt',
    'meetingMinutesReference',
    'findings',
  ]),
  SupportPlanDrafted: all('plan', ['childId', 'planId', 'draftedAt', 'tasks', 'summary'], {
    summary: 'plan_details',
  }),
  SupportPlanReturned: all('plan', ['planId', 'returnedAt', 'reason'], { reason: 'plan_details' }),
  SupportPlanApproved: all('plan', ['planId', 'approvedAt', 'decisionNumber']),
  InterventionTaskCompleted: all('plan', ['childId', 'planId', 'taskId', 'completedAt', 'outcome']),
  MonitoringVisitRecorded: all('plan', ['childId', 'visitedAt', 'childSituation', 'notes']),
  CaseReviewed: all('assessments', ['childId', 'reviewedAt', 'ratings', 'proposal', 'notes']),
  CaseClosed: all('plan', ['closedAt', 'reason', 'decisionNumber']),
  CaseReplanned: all('plan', ['decidedAt', 'reason']),
  CaseReopened: all('report_facts', ['reopenedAt', 'reason']),
  // That a relative's, the reporter's or a suspect's data was erased, and on what grounds (ids only): a fact
  // of the case's record, seen as its report is.
  PersonDataErased: all('report_facts', ['subjectId', 'subjectKind', 'erasedAt', 'grounds', 'reference']),
  DeadlineMissed: all('deadlines', ['deadlineId', 'kind', 'dueAt', 'detectedAt', 'managerId'], {
    managerId: 'case_manager',
  }),
  InvestigationOpened: all('police_status', ['investigationId', 'openedAt', 'unit']),
  StatementRecorded: all('police_details', [
    'investigationId',
    'childId',
    'statementId',
    'recordedAt',
    'from',
    'summary',
  ]),
  EvidenceCollected: all('police_details', [
    'investigationId',
    'childId',
    'evidenceId',
    'collectedAt',
    'kind',
    'reference',
    'description',
  ]),
  SuspectIdentified: all('police_details', [
    'investigationId',
    'suspectId',
    'identifiedAt',
    'relationToChild',
    'details',
  ]),
  ProtectiveMeasureRequested: all('police_details', [
    'investigationId',
    'childId',
    'requestedAt',
    'measure',
    'details',
  ]),
  ReferredForProsecution: all('police_status', ['investigationId', 'referredAt', 'procuracy', 'offences']),
  InvestigationClosed: all('police_status', ['investigationId', 'closedAt', 'outcome']),
  ReferralIssued: all('referrals', [
    'referralId',
    'childId',
    'issuedAt',
    'toAgency',
    'toUnit',
    'reason',
    'urgency',
    'dueAt',
    'sharingBasis',
    'source',
    'taskId',
  ]),
  ReferralClaimed: all('referrals', ['referralId', 'claimedAt']),
  ReferralAccepted: all('referrals', ['referralId', 'acceptedAt']),
  ReferralDeclined: all('referrals', ['referralId', 'declinedAt', 'reason']),
  ReferralStarted: all('referrals', ['referralId', 'startedAt']),
  ReferralCompleted: all('referrals', ['referralId', 'childId', 'completedAt', 'outcome', 'summary']),
  ReferralWithdrawn: all('referrals', ['referralId', 'withdrawnAt', 'reason']),
  ReferralEscalated: all('referrals', ['referralId', 'escalatedAt', 'dueAt', 'toRole']),
  LegalAidOfficerAssigned: all('legal_aid_work', ['referralId', 'assignedAt', 'officerId']),
  LegalAdviceGiven: all('legal_aid_work', ['referralId', 'childId', 'givenAt', 'topic', 'summary']),
  LegalRepresentationProvided: all('legal_aid_work', [
    'referralId',
    'childId',
    'providedAt',
    'kind',
    'proceeding',
    'proceedingReference',
  ]),
  LegalAidClosed: all('legal_aid_work', ['referralId', 'childId', 'closedAt', 'outcome', 'summary']),
  MedicalExaminationRecorded: all(
    'medical_summary',
    ['childId', 'examinationId', 'examinedAt', 'facility', 'careNeeded', 'findings'],
    { findings: 'medical_details' },
  ),
  ForensicExaminationRecorded: all(
    'forensic_result',
    ['childId', 'examinationId', 'examinedAt', 'facility', 'investigationId', 'resultReference', 'findings'],
    { findings: 'medical_details' },
  ),
  PsychologicalSupportSessionRecorded: all(
    'medical_summary',
    ['childId', 'sessionAt', 'sessionNumber', 'notes'],
    {
      notes: 'medical_details',
    },
  ),
  RehabilitationRecorded: all('medical_summary', ['childId', 'recordedAt', 'kind', 'plan'], {
    plan: 'medical_details',
  }),
  MedicalDischarged: all(
    'medical_summary',
    ['childId', 'dischargedAt', 'facility', 'followUpNeeded', 'summary'],
    {
      summary: 'medical_details',
    },
  ),
  SchoolIncidentReported: all('school_safety', [
    'childId',
    'incidentId',
    'occurredAt',
    'kind',
    'school',
    'description',
  ]),
  SchoolSafetyPlanAgreed: all('school_safety', ['childId', 'agreedAt', 'measures', 'details']),
  ReintegrationSupportRecorded: all('school_safety', ['childId', 'recordedAt', 'support', 'notes']),
};
