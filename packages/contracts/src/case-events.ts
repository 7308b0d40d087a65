import { Agency } from '@chungtay/event-store/metadata';
import { z } from 'zod';
import {
  CareNeeds,
  ChildSituations,
  ClosureReasons,
  DeadlineKinds,
  EmergencyActions,
  EmergencyMeasures,
  ErasedSubjectKinds,
  ErasureGrounds,
  EvidenceKinds,
  FormsOfHarm,
  InterventionMeasures,
  InvestigationOutcomes,
  LegalAdviceTopics,
  LegalAidOutcomes,
  LegalRepresentationKinds,
  Placements,
  Proceedings,
  ProtectiveMeasures,
  ReferralOutcomes,
  ReferralSources,
  ReferralUrgencies,
  ReferredAgency,
  RehabilitationKinds,
  ReintegrationSupports,
  Relations,
  ReportCategories,
  ReportChannels,
  ReviewProposals,
  RiskLevels,
  SchoolIncidentKinds,
  SchoolSafetyMeasures,
  SeparationEndReasons,
  Sexes,
  SexualAbuseKinds,
  SharingBases,
  StatementSources,
  SuspectRelations,
  TransferReasons,
} from './codes.ts';
import {
  CaseNumber,
  CommuneCode,
  Instant,
  LocalDate,
  LongText,
  personal,
  ShortText,
  UnitCode,
  Uuid,
} from './primitives.ts';

/** Events of the case timeline (`case-<caseId>`), in the order of the Decree 56 process (domain.md §1). */

export const ChildOnReport = z.object({
  /** The child's record (`child-<childId>`) and data subject. */
  childId: Uuid,
  fullName: personal(ShortText).optional(),
  birthDate: personal(LocalDate).optional(),
  estimatedAge: z.number().int().min(0).max(17).optional(),
  sex: Sexes.schema,
  currentCondition: personal(LongText).optional(),
});

export const Relative = z.object({
  /** The relative's data subject. */
  personId: Uuid,
  relation: Relations.schema,
  fullName: personal(ShortText).optional(),
  age: z.number().int().min(0).max(120).optional(),
  occupation: personal(ShortText).optional(),
});

/** Form 01: the reporter's identity is recorded only with their consent (D56 Art. 25). */
export const Reporter = z.discriminatedUnion('consentToRecordIdentity', [
  z.object({ consentToRecordIdentity: z.literal(false) }),
  z.object({
    consentToRecordIdentity: z.literal(true),
    reporterId: Uuid,
    fullName: personal(ShortText),
    phone: personal(z.string().regex(/^\+?\d[\d ]{5,18}$/, 'a phone number')).optional(),
    address: personal(ShortText).optional(),
    relationToChild: ShortText.optional(),
  }),
]);

export const ReportReceived = z.object({
  caseId: Uuid,
  /** Given by the case service at intake (absent on reports recorded before numbers were). */
  caseNumber: CaseNumber.optional(),
  receivedAt: Instant,
  channel: ReportChannels.schema,
  receivingAgency: Agency,
  /** Where it happened: the commune that takes the case (D56 Art. 25(1)). */
  incidentCommuneCode: CommuneCode,
  residenceCommuneCode: CommuneCode.optional(),
  category: ReportCategories.schema,
  formsOfHarm: z.array(FormsOfHarm.schema).max(7),
  sexualAbuseKinds: z.array(SexualAbuseKinds.schema).max(5).optional(),
  child: ChildOnReport,
  relatives: z.array(Relative).max(20),
  familySituation: personal(LongText).optional(),
  narrative: personal(LongText),
  likelyHarmIfNoAction: personal(LongText).optional(),
  actionsAlreadyTaken: personal(LongText).optional(),
  reporter: Reporter,
});

/** The child whose data the event's personal fields are (their data subject). */
const AboutChild = { childId: Uuid };

export const ReportForwardedToCommune = z.object({ toCommuneCode: CommuneCode, forwardedAt: Instant });

export const EmergencyMeasure = EmergencyMeasures.schema;

/** Form 02. */
export const InitialAssessmentCompleted = z.object({
  ...AboutChild,
  assessedAt: Instant,
  riskLevel: RiskLevels.schema,
  /** Life, health or dignity in serious danger: emergency measures fall due within 12 hours of receipt. */
  childInSeriousDanger: z.boolean(),
  emergencyMeasure: EmergencyMeasure,
  findings: personal(LongText),
});

export const EmergencyInterventionTaken = z.object({
  ...AboutChild,
  takenAt: Instant,
  actions: z.array(EmergencyActions.schema).min(1),
  notes: personal(LongText).optional(),
});

export const TemporarySeparationDecided = z.object({
  ...AboutChild,
  decidedAt: Instant,
  /** At most 15 days after the decision unless a competent authority extends it (D56 Art. 32). */
  until: Instant,
  placement: Placements.schema,
  placementDetails: personal(LongText).optional(),
  decisionNumber: ShortText.optional(),
});

export const SeparationExtended = z.object({
  extendedAt: Instant,
  until: Instant,
  competentAuthority: ShortText,
  decisionReference: ShortText,
});

export const SeparationEnded = z.object({
  ...AboutChild,
  endedAt: Instant,
  reason: SeparationEndReasons.schema,
  notes: personal(LongText).optional(),
});

/** Form 03 with the needs meeting and its minutes. */
export const DetailedAssessmentCompleted = z.object({
  ...AboutChild,
  assessedAt: Instant,
  needs: z.array(InterventionMeasures.schema).min(1),
  needsMeetingHeldAt: Instant,
  meetingMinutesReference: ShortText,
  findings: personal(LongText),
});

export const InterventionTask = z.object({
  taskId: Uuid,
  measure: InterventionMeasures.schema,
  responsibleAgency: Agency,
  responsibleUnit: UnitCode.optional(),
  description: personal(LongText),
  dueDate: LocalDate,
});

/** Form 04 (with the draft decision, Form 05). */
export const SupportPlanDrafted = z.object({
  ...AboutChild,
  planId: Uuid,
  draftedAt: Instant,
  tasks: z.array(InterventionTask).min(1).max(50),
  summary: personal(LongText),
});

export const SupportPlanReturned = z.object({ planId: Uuid, returnedAt: Instant, reason: LongText });

/** Form 05: the commune chair's decision. */
export const SupportPlanApproved = z.object({ planId: Uuid, approvedAt: Instant, decisionNumber: ShortText });

export const InterventionTaskCompleted = z.object({
  ...AboutChild,
  planId: Uuid,
  taskId: Uuid,
  completedAt: Instant,
  outcome: personal(LongText),
});

export const MonitoringVisitRecorded = z.object({
  ...AboutChild,
  visitedAt: Instant,
  childSituation: ChildSituations.schema,
  notes: personal(LongText),
});

/** Form 06: four factors, each rated high / medium / low. */
export const CaseReviewed = z.object({
  ...AboutChild,
  reviewedAt: Instant,
  ratings: z.object({
    remainingHarm: RiskLevels.schema,
    abuserAccess: RiskLevels.schema,
    careEnvironmentObstacles: RiskLevels.schema,
    childProtectiveCapacity: RiskLevels.schema,
  }),
  proposal: ReviewProposals.schema,
  notes: personal(LongText).optional(),
});

export const CaseClosed = z.object({
  closedAt: Instant,
  reason: ClosureReasons.schema,
  decisionNumber: ShortText.optional(),
});

export const CaseReplanned = z.object({ decidedAt: Instant, reason: LongText });

export const CaseReopened = z.object({ reopenedAt: Instant, reason: LongText });

/**
 * Who manages the case now: the commune officer responsible for it, by their account's subject id (the staff
 * directory's; no name). Assigned by the chair or taken by an officer (decision 0057).
 */
export const CaseManagerAssigned = z.object({ managerId: ShortText, assignedAt: Instant });

/**
 * The case's commune asks another commune of the province to take the case over (decision 0058). It stays
 * the sending commune's until the other accepts; its deadlines run on, whoever has it.
 */
export const CaseTransferRequested = z.object({
  ...AboutChild,
  fromCommuneCode: CommuneCode,
  toCommuneCode: CommuneCode,
  reason: TransferReasons.schema,
  notes: personal(LongText).optional(),
  requestedAt: Instant,
});

/** The receiving commune took the case over: from now it is that commune's, with its deadlines unchanged. */
export const CaseTransferAccepted = z.object({
  fromCommuneCode: CommuneCode,
  toCommuneCode: CommuneCode,
  acceptedAt: Instant,
});

/** The receiving commune declined the case, and why; it stays with the commune that has it. */
export const CaseTransferRefused = z.object({
  ...AboutChild,
  toCommuneCode: CommuneCode,
  refusedAt: Instant,
  reason: personal(LongText),
});

/** The sending commune took its request back before the other answered. */
export const CaseTransferWithdrawn = z.object({ toCommuneCode: CommuneCode, withdrawnAt: Instant });

/**
 * A person named on the case other than the child (a relative, the reporter, a suspect) had their personal
 * data erased: their key is destroyed, so every field of theirs reads as erased (decision 0047). Ids only.
 */
export const PersonDataErased = z.object({
  subjectId: Uuid,
  /** Who the person is to the case. */
  subjectKind: ErasedSubjectKinds.schema,
  erasedAt: Instant,
  grounds: ErasureGrounds.schema,
  reference: ShortText,
});

export const DeadlineKind = DeadlineKinds.schema;

/** Appended by the deadline watcher, once per missed deadline. */
export const DeadlineMissed = z.object({
  deadlineId: ShortText,
  kind: DeadlineKind,
  dueAt: Instant,
  detectedAt: Instant,
  /** Whom the miss is for: the officer managing the case when it was found (decision 0057), if any. */
  managerId: ShortText.optional(),
});

// Police investigation (any police unit appends to an existing case).
const Investigation = { investigationId: Uuid };

export const InvestigationOpened = z.object({ ...Investigation, openedAt: Instant, unit: UnitCode });

export const StatementRecorded = z.object({
  ...Investigation,
  ...AboutChild,
  statementId: Uuid,
  recordedAt: Instant,
  from: StatementSources.schema,
  summary: personal(LongText),
});

export const EvidenceCollected = z.object({
  ...Investigation,
  ...AboutChild,
  evidenceId: Uuid,
  collectedAt: Instant,
  kind: EvidenceKinds.schema,
  /** Where the evidence is kept (a case-file or exhibit reference), never the evidence itself. */
  reference: ShortText,
  description: personal(LongText).optional(),
});

export const SuspectIdentified = z.object({
  ...Investigation,
  /** The suspect's data subject. */
  suspectId: Uuid,
  identifiedAt: Instant,
  relationToChild: SuspectRelations.schema,
  details: personal(LongText),
});

export const ProtectiveMeasureRequested = z.object({
  ...Investigation,
  ...AboutChild,
  requestedAt: Instant,
  measure: ProtectiveMeasures.schema,
  details: personal(LongText).optional(),
});

export const ReferredForProsecution = z.object({
  ...Investigation,
  referredAt: Instant,
  procuracy: ShortText,
  offences: z.array(ShortText).min(1),
});

export const InvestigationClosed = z.object({
  ...Investigation,
  closedAt: Instant,
  outcome: InvestigationOutcomes.schema,
});

// Referrals (J3): a case officer refers the child to another agency; exactly one of its officers claims it.
const Referral = { referralId: Uuid };

export const SharingBasis = SharingBases.schema;
export const ReferralUrgency = ReferralUrgencies.schema;
/** What issued the referral: an officer, or a reaction to a report or to an approved plan. */
export const ReferralSource = ReferralSources.schema;

export const ReferralIssued = z.object({
  ...Referral,
  ...AboutChild,
  issuedAt: Instant,
  toAgency: ReferredAgency,
  toUnit: UnitCode.optional(),
  reason: personal(LongText),
  urgency: ReferralUrgency,
  /** An unanswered referral past this instant escalates to the provincial coordinator. */
  dueAt: Instant,
  sharingBasis: SharingBasis,
  source: ReferralSource,
  /** The plan task it carries out, when the plan issued it. */
  taskId: Uuid.optional(),
});

export const ReferralClaimed = z.object({ ...Referral, claimedAt: Instant });
export const ReferralAccepted = z.object({ ...Referral, acceptedAt: Instant });
export const ReferralDeclined = z.object({ ...Referral, declinedAt: Instant, reason: LongText });
export const ReferralStarted = z.object({ ...Referral, startedAt: Instant });
export const ReferralCompleted = z.object({
  ...Referral,
  ...AboutChild,
  completedAt: Instant,
  outcome: ReferralOutcomes.schema,
  summary: personal(LongText),
});
export const ReferralWithdrawn = z.object({ ...Referral, withdrawnAt: Instant, reason: LongText });
/** Appended once, when a referral is still unanswered (offered or claimed, not accepted) past its due time. */
export const ReferralEscalated = z.object({
  ...Referral,
  escalatedAt: Instant,
  dueAt: Instant,
  toRole: z.literal('provincial_coordinator'),
});

// Legal aid (state legal-aid centre, Justice), on an accepted referral to legal aid.
export const LegalAidOfficerAssigned = z.object({
  ...Referral,
  assignedAt: Instant,
  /** The assigned legal-aid officer's subject id (never a name). */
  officerId: ShortText,
});
export const LegalAdviceGiven = z.object({
  ...Referral,
  ...AboutChild,
  givenAt: Instant,
  topic: LegalAdviceTopics.schema,
  summary: personal(LongText),
});
export const LegalRepresentationProvided = z.object({
  ...Referral,
  ...AboutChild,
  providedAt: Instant,
  /** Representing the child, or accompanying them (as their defender of rights) in proceedings. */
  kind: LegalRepresentationKinds.schema,
  proceeding: Proceedings.schema,
  proceedingReference: ShortText,
});
export const LegalAidClosed = z.object({
  ...Referral,
  ...AboutChild,
  closedAt: Instant,
  outcome: LegalAidOutcomes.schema,
  summary: personal(LongText),
});

// Medical care (hospitals, health stations). Findings are confidential by default (the matrix).
export const MedicalExaminationRecorded = z.object({
  ...AboutChild,
  examinationId: Uuid,
  examinedAt: Instant,
  facility: ShortText,
  /** What anyone entitled to a summary may read: the child needs care, or not. */
  careNeeded: CareNeeds.schema,
  findings: personal(LongText),
});
export const ForensicExaminationRecorded = z.object({
  ...AboutChild,
  examinationId: Uuid,
  examinedAt: Instant,
  facility: ShortText,
  /** The investigation that requested it, when the police did. */
  investigationId: Uuid.optional(),
  /** The forensic report's number: what the police act on. */
  resultReference: ShortText,
  findings: personal(LongText),
});
export const PsychologicalSupportSessionRecorded = z.object({
  ...AboutChild,
  sessionAt: Instant,
  sessionNumber: z.number().int().min(1).max(500),
  notes: personal(LongText),
});
export const RehabilitationRecorded = z.object({
  ...AboutChild,
  recordedAt: Instant,
  kind: RehabilitationKinds.schema,
  plan: personal(LongText),
});
export const MedicalDischarged = z.object({
  ...AboutChild,
  dischargedAt: Instant,
  facility: ShortText,
  followUpNeeded: z.boolean(),
  summary: personal(LongText),
});

// School safety (schools, Education).
export const SchoolIncidentReported = z.object({
  ...AboutChild,
  incidentId: Uuid,
  occurredAt: Instant,
  kind: SchoolIncidentKinds.schema,
  school: ShortText,
  description: personal(LongText),
});
export const SchoolSafetyPlanAgreed = z.object({
  ...AboutChild,
  agreedAt: Instant,
  measures: z.array(SchoolSafetyMeasures.schema).min(1),
  details: personal(LongText),
});
export const ReintegrationSupportRecorded = z.object({
  ...AboutChild,
  recordedAt: Instant,
  support: ReintegrationSupports.schema,
  notes: personal(LongText),
});
