import { z } from 'zod';
import {
  CaseClosed,
  CaseManagerAssigned,
  CaseReopened,
  CaseReplanned,
  CaseReviewed,
  CaseTransferRefused,
  CaseTransferRequested,
  DetailedAssessmentCompleted,
  EmergencyInterventionTaken,
  EvidenceCollected,
  InitialAssessmentCompleted,
  InterventionTaskCompleted,
  InvestigationClosed,
  InvestigationOpened,
  MonitoringVisitRecorded,
  PersonDataErased,
  ProtectiveMeasureRequested,
  ReferralIssued,
  ReferredForProsecution,
  ReportForwardedToCommune,
  ReportReceived,
  SeparationEnded,
  SeparationExtended,
  StatementRecorded,
  SupportPlanApproved,
  SupportPlanDrafted,
  SupportPlanReturned,
  SuspectIdentified,
  TemporarySeparationDecided,
} from './case-events.ts';
import { Instant, ShortText } from './primitives.ts';

/**
 * Commands are imperative and carry what the caller decides; what the case already knows (the child, the
 * receiving agency, who acts) comes from the state and the caller's token, never from the request body.
 */
/** A command of a stream's decider: its type and its data, as the HTTP body carries them. */
export const command = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });
const aboutChild = { childId: true } as const;

export const CaseCommand = z.discriminatedUnion('type', [
  // The receiving agency is the caller's, and the case number the service's.
  command('ReceiveReport', ReportReceived.omit({ receivingAgency: true, caseNumber: true })),
  // Who the person is to the case comes from the case, not from the body.
  command('ErasePersonData', PersonDataErased.omit({ subjectKind: true })),
  command('ForwardToCommune', ReportForwardedToCommune),
  command('CompleteInitialAssessment', InitialAssessmentCompleted.omit(aboutChild)),
  command('RecordEmergencyIntervention', EmergencyInterventionTaken.omit(aboutChild)),
  command('DecideTemporarySeparation', TemporarySeparationDecided.omit(aboutChild)),
  command('ExtendSeparation', SeparationExtended),
  command('EndSeparation', SeparationEnded.omit(aboutChild)),
  command('CompleteDetailedAssessment', DetailedAssessmentCompleted.omit(aboutChild)),
  command('DraftSupportPlan', SupportPlanDrafted.omit(aboutChild)),
  command('ReturnSupportPlan', SupportPlanReturned),
  command('ApproveSupportPlan', SupportPlanApproved),
  command('CompleteInterventionTask', InterventionTaskCompleted.omit(aboutChild)),
  command('RecordMonitoringVisit', MonitoringVisitRecorded.omit(aboutChild)),
  command('ReviewCase', CaseReviewed.omit(aboutChild)),
  command('CloseCase', CaseClosed),
  command('ReplanCase', CaseReplanned),
  command('ReopenCase', CaseReopened),
  // The chair assigns an officer of the commune; an officer takes the case for themself (decision 0057).
  command('AssignCaseManager', CaseManagerAssigned),
  command('TakeCase', z.object({ takenAt: Instant })),
  // The case's commune asks another to take it over; that one accepts or refuses; the first may withdraw
  // (decision 0058). The communes come from the case, the destination from the request.
  command('TransferCase', CaseTransferRequested.omit({ ...aboutChild, fromCommuneCode: true })),
  command('AcceptTransfer', z.object({ acceptedAt: Instant })),
  command('RefuseTransfer', CaseTransferRefused.omit({ ...aboutChild, toCommuneCode: true })),
  command('WithdrawTransfer', z.object({ withdrawnAt: Instant })),
  command('OpenInvestigation', InvestigationOpened),
  command('RecordStatement', StatementRecorded.omit(aboutChild)),
  command('CollectEvidence', EvidenceCollected.omit(aboutChild)),
  command('IdentifySuspect', SuspectIdentified),
  command('RequestProtectiveMeasure', ProtectiveMeasureRequested.omit(aboutChild)),
  command('ReferForProsecution', ReferredForProsecution),
  command('CloseInvestigation', InvestigationClosed),
  command('RecordMissedDeadline', z.object({ deadlineId: ShortText })),
]);
export type CaseCommand = z.infer<typeof CaseCommand>;

/**
 * A referral as a person issues it (the referral service's command): which agency, why, how urgently, by when,
 * on what basis. The child is the case's; the platform's own reactions also say their source and plan task.
 */
export const IssueReferralData = ReferralIssued.omit({
  issuedAt: true,
  source: true,
  childId: true,
  taskId: true,
});
export type CaseCommandType = CaseCommand['type'];
