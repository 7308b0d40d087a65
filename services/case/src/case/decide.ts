import { addDays, type WorkingCalendar } from '@chungtay/calendar';
import {
  agencyOfRole,
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  CaseStatuses,
  communeOf,
  type Role,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import type { DeadlinePolicy } from './deadline-policy.ts';
import { deadlinesOf } from './deadlines.ts';
import { CaseNotFound, CaseRuleViolation, StepNotPermitted } from './errors.ts';
import { type CaseState, type CaseStatus, initialCaseState } from './state.ts';

export interface DecideContext {
  /** The instant the command is handled: the decider never reads a clock. */
  readonly now: Date;
  readonly actor: Actor;
  readonly policy: DeadlinePolicy;
  readonly calendar: WorkingCalendar;
  /** The number reserved for the case being reported (decision 0051); none leaves the report unnumbered. */
  readonly caseNumber?: string;
}

/** Receiving points of D56 Art. 25(1): hotline 111, health (formerly labour–social), police, the commune. */
const RECEIVERS: readonly Role[] = [
  'hotline_operator',
  'commune_officer',
  'commune_chair',
  'police_investigator',
  'health_worker',
  'provincial_coordinator',
];
const OFFICER: readonly Role[] = ['commune_officer'];
const CHAIR: readonly Role[] = ['commune_chair'];
const POLICE: readonly Role[] = ['police_investigator'];
const COMMUNE: readonly Role[] = ['commune_officer', 'commune_chair'];

/**
 * Who may take each step, and of which commune they must be: the case's, the one asked to take the case over
 * (decision 0058), or any.
 */
const PERMISSIONS: Record<
  CaseCommandType,
  { roles: readonly Role[]; commune: 'case' | 'receiving' | 'any' }
> = {
  ReceiveReport: { roles: RECEIVERS, commune: 'any' },
  // The province's coordinator, for the Department of Health that holds the data (decisions 0043, 0047).
  ErasePersonData: { roles: ['provincial_coordinator'], commune: 'any' },
  ForwardToCommune: { roles: RECEIVERS, commune: 'any' },
  CompleteInitialAssessment: { roles: OFFICER, commune: 'case' },
  RecordEmergencyIntervention: {
    roles: ['commune_officer', 'commune_chair', 'police_investigator'],
    commune: 'any',
  },
  DecideTemporarySeparation: { roles: CHAIR, commune: 'case' },
  ExtendSeparation: { roles: CHAIR, commune: 'case' },
  EndSeparation: { roles: ['commune_officer', 'commune_chair'], commune: 'case' },
  CompleteDetailedAssessment: { roles: OFFICER, commune: 'case' },
  DraftSupportPlan: { roles: OFFICER, commune: 'case' },
  ReturnSupportPlan: { roles: CHAIR, commune: 'case' },
  ApproveSupportPlan: { roles: CHAIR, commune: 'case' },
  CompleteInterventionTask: {
    roles: [
      'commune_officer',
      'police_investigator',
      'legal_aid_officer',
      'health_worker',
      'school_safety_officer',
    ],
    commune: 'any',
  },
  RecordMonitoringVisit: { roles: OFFICER, commune: 'case' },
  ReviewCase: { roles: OFFICER, commune: 'case' },
  CloseCase: { roles: CHAIR, commune: 'case' },
  ReplanCase: { roles: CHAIR, commune: 'case' },
  ReopenCase: { roles: ['commune_officer', 'commune_chair'], commune: 'case' },
  OpenInvestigation: { roles: POLICE, commune: 'any' },
  RecordStatement: { roles: POLICE, commune: 'any' },
  CollectEvidence: { roles: POLICE, commune: 'any' },
  IdentifySuspect: { roles: POLICE, commune: 'any' },
  RequestProtectiveMeasure: { roles: POLICE, commune: 'any' },
  ReferForProsecution: { roles: POLICE, commune: 'any' },
  CloseInvestigation: { roles: POLICE, commune: 'any' },
  RecordMissedDeadline: { roles: [], commune: 'any' },
  AssignCaseManager: { roles: CHAIR, commune: 'case' },
  TakeCase: { roles: OFFICER, commune: 'case' },
  // The commune's officials move a case between communes (decision 0058).
  TransferCase: { roles: COMMUNE, commune: 'case' },
  WithdrawTransfer: { roles: COMMUNE, commune: 'case' },
  AcceptTransfer: { roles: COMMUNE, commune: 'receiving' },
  RefuseTransfer: { roles: COMMUNE, commune: 'receiving' },
};

/** Clock skew tolerated between a caller's stated time and the server's. */
const SKEW_MS = 5 * 60_000;

const rule = (name: string, message: string, field?: string) => new CaseRuleViolation(name, message, field);

function checkTime(at: string, field: string, context: DecideContext, notBefore?: string): void {
  if (Date.parse(at) > context.now.getTime() + SKEW_MS)
    throw rule('time_in_future', `${field} is in the future`, field);
  if (notBefore && Date.parse(at) < Date.parse(notBefore)) {
    throw rule('time_before_previous_step', `${field} is before the step it follows (${notBefore})`, field);
  }
}

/** Why the actor may not take this step on this case at all, or nothing when they may. */
function refusal(type: CaseCommandType, state: CaseState, actor: Actor): StepNotPermitted | undefined {
  if (type === 'RecordMissedDeadline')
    return actor.agency === 'system'
      ? undefined
      : new StepNotPermitted('only the deadline watcher records missed deadlines');
  const permission = PERMISSIONS[type];
  if (!permission.roles.includes(actor.role as Role))
    return new StepNotPermitted(`the role ${actor.role} may not ${type}`);
  if (permission.commune === 'case' && state.communeCode && actor.communeCode !== state.communeCode)
    return new StepNotPermitted(`${type} is for the officials of the case's commune`);
  if (
    permission.commune === 'receiving' &&
    state.transfer &&
    actor.communeCode !== state.transfer.toCommuneCode
  )
    return new StepNotPermitted(`${type} is for the officials of the commune asked to take the case`);
  return undefined;
}

/** Every status of a case that exists and is not closed, in the contracts' order. */
const OPEN: readonly CaseStatus[] = CaseStatuses.codes.filter(
  (status) => status !== 'NONE' && status !== 'CLOSED',
);

/** Open and at the commune: the statuses in which the commune manages the case (not before it is forwarded). */
const AT_COMMUNE: readonly CaseStatus[] = OPEN.filter((status) => status !== 'REPORTED');

const activeSeparationOf = (state: CaseState) =>
  state.separation && !state.separation.endedAt ? state.separation : undefined;

type Readiness = (state: CaseState) => CaseRuleViolation | undefined;

const inStatus =
  (allowed: readonly CaseStatus[], step: string): Readiness =>
  (state) =>
    allowed.includes(state.status)
      ? undefined
      : rule('step_out_of_order', `${step} is not possible while the case is ${state.status}`);

const both =
  (first: Readiness, second: Readiness): Readiness =>
  (state) =>
    first(state) ?? second(state);

const separated =
  (step: string): Readiness =>
  (state) =>
    activeSeparationOf(state) ? undefined : rule('no_active_separation', `there is no separation to ${step}`);

const anInvestigationOpen: Readiness = (state) => {
  const investigations = Object.values(state.investigations);
  if (investigations.some((investigation) => !investigation.closedAt)) return undefined;
  return investigations.length === 0
    ? rule('investigation_unknown', 'no such investigation on this case', 'investigationId')
    : rule('investigation_closed', 'the investigation is closed', 'investigationId');
};

const noTransfer = (state: CaseState, step: string) =>
  state.transfer ? undefined : rule('no_transfer', `no transfer of this case is waiting to ${step}`);

/**
 * What each step needs of the case itself, before its data is looked at. `decide` refuses a step whose need
 * is not met, and `availableSteps` offers only steps whose need is met: one rule for both.
 */
const READY: Record<CaseCommandType, Readiness> = {
  ReceiveReport: (state) =>
    state.status === 'NONE' ? undefined : rule('case_exists', 'this case was already reported'),
  ErasePersonData: (state) =>
    Object.keys(state.people).length > 0
      ? undefined
      : rule('no_such_person', 'the case names no relative, reporter or suspect with that id', 'subjectId'),
  ForwardToCommune: inStatus(['REPORTED'], 'Forwarding'),
  CompleteInitialAssessment: inStatus(['AT_COMMUNE'], 'The initial assessment'),
  RecordEmergencyIntervention: inStatus(OPEN, 'Emergency intervention'),
  DecideTemporarySeparation: both(inStatus(OPEN, 'Temporary separation'), (state) =>
    activeSeparationOf(state)
      ? rule('separation_active', 'the child is already separated; extend or end it')
      : undefined,
  ),
  ExtendSeparation: separated('extend'),
  EndSeparation: separated('end'),
  CompleteDetailedAssessment: inStatus(['INITIAL_ASSESSED', 'DETAILED_ASSESSED'], 'The detailed assessment'),
  DraftSupportPlan: inStatus(['DETAILED_ASSESSED'], 'Drafting the support plan'),
  ReturnSupportPlan: inStatus(['PLAN_DRAFTED'], 'Deciding on the support plan'),
  ApproveSupportPlan: inStatus(['PLAN_DRAFTED'], 'Deciding on the support plan'),
  CompleteInterventionTask: inStatus(['IN_IMPLEMENTATION', 'REVIEWED'], 'Completing a task'),
  RecordMonitoringVisit: inStatus(['IN_IMPLEMENTATION'], 'Monitoring'),
  ReviewCase: inStatus(['IN_IMPLEMENTATION'], 'The review'),
  CloseCase: both(inStatus(['REVIEWED'], 'Closing'), (state) =>
    activeSeparationOf(state)
      ? rule('separation_active', 'end the separation before closing the case')
      : undefined,
  ),
  ReplanCase: inStatus(['REVIEWED'], 'Re-planning'),
  ReopenCase: inStatus(['CLOSED'], 'Reopening'),
  OpenInvestigation: () => undefined,
  RecordStatement: anInvestigationOpen,
  CollectEvidence: anInvestigationOpen,
  IdentifySuspect: anInvestigationOpen,
  RequestProtectiveMeasure: anInvestigationOpen,
  ReferForProsecution: anInvestigationOpen,
  CloseInvestigation: anInvestigationOpen,
  RecordMissedDeadline: () => undefined,
  AssignCaseManager: inStatus(AT_COMMUNE, 'Assigning the case'),
  TakeCase: inStatus(AT_COMMUNE, 'Taking the case'),
  TransferCase: both(inStatus(AT_COMMUNE, 'Transferring the case'), (state) =>
    state.transfer
      ? rule('transfer_pending', 'the case is already offered to another commune; withdraw that first')
      : undefined,
  ),
  AcceptTransfer: (state) => noTransfer(state, 'accept'),
  RefuseTransfer: (state) => noTransfer(state, 'refuse'),
  WithdrawTransfer: (state) => noTransfer(state, 'withdraw'),
};

/** A case is managed by one officer at a time: giving it to the one who has it records nothing new. */
const managerRefusal = (state: CaseState, managerId: string) =>
  state.manager === managerId
    ? rule('already_manager', 'the case is already theirs', 'managerId')
    : undefined;

type PlanTask = NonNullable<CaseState['plan']>['tasks'][number];
type Separation = NonNullable<CaseState['separation']>;

/** Why the actor may not complete this task of the approved plan, or nothing when they may. */
function taskRefusal(task: PlanTask, state: CaseState, actor: Actor): Error | undefined {
  if (task.completedAt) return rule('task_done', 'this task is already completed', 'taskId');
  const role = actor.role as Role;
  if (role !== 'commune_officer' && agencyOfRole[role] !== task.responsibleAgency)
    return new StepNotPermitted(`this task is for ${task.responsibleAgency}`);
  if (role === 'commune_officer' && actor.communeCode !== state.communeCode)
    return new StepNotPermitted('CompleteInterventionTask is for the officials of the case’s commune');
  return undefined;
}

/** Whether the actor is a receiving point of reports (D56 Art. 25(1)): whether the console offers Form 01. */
export const mayReceiveReports = (actor: Actor): boolean =>
  !refusal('ReceiveReport', initialCaseState(), actor);

/** Steps a person takes (the report that opens a case and the watcher's record are not offered on a case). */
export type CaseStep = Exclude<CaseCommandType, 'ReceiveReport' | 'RecordMissedDeadline'>;
const STEPS = (Object.keys(PERMISSIONS) as CaseCommandType[]).filter(
  (type): type is CaseStep => type !== 'ReceiveReport' && type !== 'RecordMissedDeadline',
);

/**
 * The steps this actor may take on the case now, by the same permission table and needs that `decide`
 * applies: what the console offers is what the server accepts (its data is still judged when sent).
 */
export function availableSteps(state: CaseState, actor: Actor): CaseStep[] {
  if (state.status === 'NONE') return [];
  return STEPS.filter(
    (type) =>
      !refusal(type, state, actor) &&
      !READY[type](state) &&
      (type !== 'CompleteInterventionTask' ||
        (state.plan?.tasks ?? []).some((task) => !taskRefusal(task, state, actor))) &&
      (type !== 'TakeCase' || !managerRefusal(state, actor.userId)),
  );
}

/**
 * The Decree 56 process: decides which events a command produces from the case's state, or refuses it with
 * a typed error. Pure: time, actor, policy and calendar are passed in.
 */
export function decide(command: CaseCommand, state: CaseState, context: DecideContext): CaseEvent[] {
  if (command.type !== 'ReceiveReport' && state.status === 'NONE') throw new CaseNotFound('no such case');
  const notPermitted = refusal(command.type, state, context.actor);
  if (notPermitted) throw notPermitted;
  const notReady = READY[command.type](state);
  if (notReady) throw notReady;
  const childId = state.childId as string;
  const activeSeparation = activeSeparationOf(state);

  switch (command.type) {
    case 'ReceiveReport': {
      const data = command.data;
      checkTime(data.receivedAt, 'receivedAt', context);
      if (data.category === 'ABUSED' && data.formsOfHarm.length === 0) {
        throw rule(
          'harm_required',
          'an abused child’s report names at least one form of harm',
          'formsOfHarm',
        );
      }
      if (data.sexualAbuseKinds?.length && !data.formsOfHarm.includes('SEXUAL_ABUSE')) {
        throw rule(
          'sexual_abuse_kind_without_form',
          'sexual abuse kinds need the SEXUAL_ABUSE form of harm',
          'sexualAbuseKinds',
        );
      }
      if (data.child.birthDate === undefined && data.child.estimatedAge === undefined) {
        throw rule('age_required', 'give the child’s birth date or estimated age', 'child.estimatedAge');
      }
      return [
        {
          type: 'ReportReceived',
          data: {
            ...data,
            receivingAgency: context.actor.agency,
            ...(context.caseNumber ? { caseNumber: context.caseNumber } : {}),
          },
        },
      ];
    }
    case 'ForwardToCommune': {
      checkTime(command.data.forwardedAt, 'forwardedAt', context, state.receivedAt);
      return [{ type: 'ReportForwardedToCommune', data: command.data }];
    }
    case 'CompleteInitialAssessment': {
      checkTime(command.data.assessedAt, 'assessedAt', context, state.atCommuneAt);
      if (command.data.childInSeriousDanger && command.data.emergencyMeasure === 'NONE') {
        throw rule(
          'emergency_measure_required',
          'a child in serious danger needs emergency intervention or temporary separation (D56 Art. 26(3))',
          'emergencyMeasure',
        );
      }
      return [{ type: 'InitialAssessmentCompleted', data: { ...command.data, childId } }];
    }
    case 'RecordEmergencyIntervention': {
      checkTime(command.data.takenAt, 'takenAt', context, state.receivedAt);
      return [{ type: 'EmergencyInterventionTaken', data: { ...command.data, childId } }];
    }
    case 'DecideTemporarySeparation': {
      checkTime(command.data.decidedAt, 'decidedAt', context, state.receivedAt);
      const limit = addDays(new Date(command.data.decidedAt), context.policy.separationMaxDays);
      if (Date.parse(command.data.until) > limit.getTime()) {
        throw rule(
          'separation_too_long',
          `a separation lasts at most ${context.policy.separationMaxDays} days (D56 Art. 32)`,
          'until',
        );
      }
      if (Date.parse(command.data.until) <= Date.parse(command.data.decidedAt)) {
        throw rule('separation_ends_before_it_starts', 'until must be after decidedAt', 'until');
      }
      return [{ type: 'TemporarySeparationDecided', data: { ...command.data, childId } }];
    }
    case 'ExtendSeparation': {
      const separation = activeSeparation as Separation; // READY: one is active
      checkTime(command.data.extendedAt, 'extendedAt', context, separation.decidedAt);
      if (Date.parse(command.data.until) <= Date.parse(separation.until)) {
        throw rule('extension_not_later', 'an extension ends later than the current separation', 'until');
      }
      return [{ type: 'SeparationExtended', data: command.data }];
    }
    case 'EndSeparation': {
      const separation = activeSeparation as Separation; // READY: one is active
      checkTime(command.data.endedAt, 'endedAt', context, separation.decidedAt);
      return [{ type: 'SeparationEnded', data: { ...command.data, childId } }];
    }
    case 'CompleteDetailedAssessment': {
      checkTime(command.data.assessedAt, 'assessedAt', context, state.initialAssessment?.assessedAt);
      return [{ type: 'DetailedAssessmentCompleted', data: { ...command.data, childId } }];
    }
    case 'DraftSupportPlan': {
      checkTime(command.data.draftedAt, 'draftedAt', context, state.detailedAssessedAt);
      const ids = new Set(command.data.tasks.map((task) => task.taskId));
      if (ids.size !== command.data.tasks.length)
        throw rule('task_ids_repeat', 'each task needs its own id', 'tasks');
      return [{ type: 'SupportPlanDrafted', data: { ...command.data, childId } }];
    }
    case 'ReturnSupportPlan':
    case 'ApproveSupportPlan': {
      if (command.data.planId !== state.plan?.planId) {
        throw rule('plan_unknown', 'that is not the plan awaiting a decision', 'planId');
      }
      if (command.type === 'ReturnSupportPlan') {
        checkTime(command.data.returnedAt, 'returnedAt', context, state.plan.draftedAt);
        return [{ type: 'SupportPlanReturned', data: command.data }];
      }
      checkTime(command.data.approvedAt, 'approvedAt', context, state.plan.draftedAt);
      return [{ type: 'SupportPlanApproved', data: command.data }];
    }
    case 'CompleteInterventionTask': {
      const task = state.plan?.tasks.find((candidate) => candidate.taskId === command.data.taskId);
      if (!task || command.data.planId !== state.plan?.planId)
        throw rule('task_unknown', 'no such task in the approved plan', 'taskId');
      const taskRefused = taskRefusal(task, state, context.actor);
      if (taskRefused) throw taskRefused;
      checkTime(command.data.completedAt, 'completedAt', context, state.plan?.approvedAt);
      return [{ type: 'InterventionTaskCompleted', data: { ...command.data, childId } }];
    }
    case 'RecordMonitoringVisit': {
      checkTime(command.data.visitedAt, 'visitedAt', context, state.plan?.approvedAt);
      return [{ type: 'MonitoringVisitRecorded', data: { ...command.data, childId } }];
    }
    case 'ReviewCase': {
      checkTime(command.data.reviewedAt, 'reviewedAt', context, state.plan?.approvedAt);
      return [{ type: 'CaseReviewed', data: { ...command.data, childId } }];
    }
    case 'CloseCase': {
      checkTime(command.data.closedAt, 'closedAt', context, state.review?.reviewedAt);
      return [{ type: 'CaseClosed', data: command.data }];
    }
    case 'ReplanCase': {
      checkTime(command.data.decidedAt, 'decidedAt', context, state.review?.reviewedAt);
      return [{ type: 'CaseReplanned', data: command.data }];
    }
    case 'ErasePersonData': {
      const subjectKind = state.people[command.data.subjectId];
      if (!subjectKind)
        throw rule(
          'no_such_person',
          'the case names no relative, reporter or suspect with that id',
          'subjectId',
        );
      // Again after erasure: nothing more to record (the key is destroyed again, harmlessly).
      if (state.erasedPeople.includes(command.data.subjectId)) return [];
      return [{ type: 'PersonDataErased', data: { ...command.data, subjectKind } }];
    }
    case 'ReopenCase': {
      checkTime(command.data.reopenedAt, 'reopenedAt', context, state.closedAt);
      return [{ type: 'CaseReopened', data: command.data }];
    }
    case 'OpenInvestigation': {
      if (state.investigations[command.data.investigationId]) {
        throw rule('investigation_exists', 'that investigation is already open', 'investigationId');
      }
      checkTime(command.data.openedAt, 'openedAt', context, state.receivedAt);
      return [{ type: 'InvestigationOpened', data: command.data }];
    }
    case 'RecordStatement':
    case 'CollectEvidence':
    case 'IdentifySuspect':
    case 'RequestProtectiveMeasure':
    case 'ReferForProsecution':
    case 'CloseInvestigation': {
      const investigation = state.investigations[command.data.investigationId];
      if (!investigation)
        throw rule('investigation_unknown', 'no such investigation on this case', 'investigationId');
      if (investigation.closedAt)
        throw rule('investigation_closed', 'the investigation is closed', 'investigationId');
      switch (command.type) {
        case 'RecordStatement':
          checkTime(command.data.recordedAt, 'recordedAt', context, investigation.openedAt);
          return [{ type: 'StatementRecorded', data: { ...command.data, childId } }];
        case 'CollectEvidence':
          checkTime(command.data.collectedAt, 'collectedAt', context, investigation.openedAt);
          return [{ type: 'EvidenceCollected', data: { ...command.data, childId } }];
        case 'IdentifySuspect':
          checkTime(command.data.identifiedAt, 'identifiedAt', context, investigation.openedAt);
          return [{ type: 'SuspectIdentified', data: command.data }];
        case 'RequestProtectiveMeasure':
          checkTime(command.data.requestedAt, 'requestedAt', context, investigation.openedAt);
          return [{ type: 'ProtectiveMeasureRequested', data: { ...command.data, childId } }];
        case 'ReferForProsecution':
          checkTime(command.data.referredAt, 'referredAt', context, investigation.openedAt);
          return [{ type: 'ReferredForProsecution', data: command.data }];
        case 'CloseInvestigation':
          checkTime(command.data.closedAt, 'closedAt', context, investigation.openedAt);
          return [{ type: 'InvestigationClosed', data: command.data }];
      }
      break;
    }
    case 'AssignCaseManager': {
      checkTime(command.data.assignedAt, 'assignedAt', context, state.atCommuneAt);
      const refused = managerRefusal(state, command.data.managerId);
      if (refused) throw refused;
      return [{ type: 'CaseManagerAssigned', data: command.data }];
    }
    case 'TakeCase': {
      checkTime(command.data.takenAt, 'takenAt', context, state.atCommuneAt);
      const refused = managerRefusal(state, context.actor.userId);
      if (refused) throw refused;
      return [
        {
          type: 'CaseManagerAssigned',
          data: { managerId: context.actor.userId, assignedAt: command.data.takenAt },
        },
      ];
    }
    case 'TransferCase': {
      checkTime(command.data.requestedAt, 'requestedAt', context, state.atCommuneAt);
      const { toCommuneCode } = command.data;
      if (!communeOf(toCommuneCode))
        throw rule('unknown_commune', 'not a commune of the province', 'toCommuneCode');
      if (toCommuneCode === state.communeCode)
        throw rule('same_commune', 'the case is already this commune’s', 'toCommuneCode');
      return [
        {
          type: 'CaseTransferRequested',
          data: { ...command.data, childId, fromCommuneCode: state.communeCode as string },
        },
      ];
    }
    case 'AcceptTransfer': {
      const transfer = state.transfer as NonNullable<CaseState['transfer']>;
      checkTime(command.data.acceptedAt, 'acceptedAt', context, transfer.requestedAt);
      return [
        {
          type: 'CaseTransferAccepted',
          data: {
            fromCommuneCode: state.communeCode as string,
            toCommuneCode: transfer.toCommuneCode,
            acceptedAt: command.data.acceptedAt,
          },
        },
      ];
    }
    case 'RefuseTransfer': {
      const transfer = state.transfer as NonNullable<CaseState['transfer']>;
      checkTime(command.data.refusedAt, 'refusedAt', context, transfer.requestedAt);
      return [
        {
          type: 'CaseTransferRefused',
          data: { ...command.data, childId, toCommuneCode: transfer.toCommuneCode },
        },
      ];
    }
    case 'WithdrawTransfer': {
      const transfer = state.transfer as NonNullable<CaseState['transfer']>;
      checkTime(command.data.withdrawnAt, 'withdrawnAt', context, transfer.requestedAt);
      return [
        {
          type: 'CaseTransferWithdrawn',
          data: { toCommuneCode: transfer.toCommuneCode, withdrawnAt: command.data.withdrawnAt },
        },
      ];
    }
    case 'RecordMissedDeadline': {
      const deadline = deadlinesOf(state, context.now, context.policy, context.calendar).find(
        (candidate) => candidate.id === command.data.deadlineId,
      );
      // Exactly once: a deadline that is not overdue, or already recorded, produces nothing.
      if (deadline?.status !== 'OVERDUE' || deadline.missRecorded) return [];
      return [
        {
          type: 'DeadlineMissed',
          data: {
            deadlineId: deadline.id,
            kind: deadline.kind,
            dueAt: deadline.dueAt,
            detectedAt: context.now.toISOString(),
            ...(state.manager ? { managerId: state.manager } : {}),
          },
        },
      ];
    }
  }
  const unhandled: never = command;
  throw new Error(`no rule for ${(unhandled as { type: string }).type}`);
}
