import type {
  CaseEvent,
  CaseStatus as ContractsCaseStatus,
  FormOfHarm,
  ReportCategory,
} from '@chungtay/contracts';
import type { Agency } from '@chungtay/event-store';
import { type CaseFacts, partyOf } from '@chungtay/policy';

/** The process's statuses and their Vietnamese labels are the contracts' code list. */
export type CaseStatus = ContractsCaseStatus;

export interface PlanTask {
  readonly taskId: string;
  readonly responsibleAgency: Agency;
  readonly responsibleUnit?: string;
  readonly dueDate: string;
  readonly completedAt?: string;
}

/**
 * What the process needs to know about a case: status, the commune that handles it, and the instants the
 * deadlines are computed from. `cycle` counts re-plans and reopenings; each starts the clocks again.
 */
export interface CaseState {
  readonly status: CaseStatus;
  readonly caseId?: string;
  /** The number officials cite it by (decision 0051); none on reports recorded before numbers were. */
  readonly caseNumber?: string;
  readonly childId?: string;
  readonly communeCode?: string;
  readonly receivingAgency?: Agency;
  readonly category?: ReportCategory;
  readonly formsOfHarm: readonly FormOfHarm[];
  readonly receivedAt?: string;
  readonly forwardedAt?: string;
  readonly atCommuneAt?: string;
  readonly cycle: number;
  readonly cycleStartedAt?: string;
  readonly initialAssessment?: { readonly assessedAt: string; readonly childInSeriousDanger: boolean };
  readonly emergencyMeasuresAt?: string;
  readonly separation?: {
    readonly number: number;
    readonly decidedAt: string;
    readonly until: string;
    readonly endedAt?: string;
  };
  readonly detailedAssessedAt?: string;
  readonly plan?: {
    readonly planId: string;
    readonly draftedAt: string;
    readonly approvedAt?: string;
    readonly tasks: readonly PlanTask[];
  };
  /** When each monitoring visit of this cycle took place, in order; read it with `monitoringVisitsOf`. */
  readonly monitoringVisits: ChunkedList<string>;
  readonly review?: { readonly reviewedAt: string; readonly proposal: 'CLOSE' | 'REPLAN' };
  readonly closedAt?: string;
  /** The commune officer managing the case, by their account's subject id (decision 0057). */
  readonly manager?: string;
  /** A request to another commune to take the case over, not yet answered (decision 0058). */
  readonly transfer?: { readonly toCommuneCode: string; readonly requestedAt: string };
  /** The communes that handed the case over, in order (optional: states folded before transfers existed). */
  readonly formerCommunes?: readonly string[];
  readonly missedDeadlines: readonly string[];
  readonly investigations: Readonly<
    Record<string, { readonly openedAt: string; readonly closedAt?: string }>
  >;
  /** Agencies that wrote to the case or hold a task in its plan (the policy's "involved"). */
  readonly involvedAgencies: readonly Agency[];
  /** The same by unit (the policy's `partyOf`): the unit each referral, task and write named. */
  readonly involvedParties: readonly string[];
  /** The people the case names besides the child, by their data-subject id: whose data may be erased here. */
  readonly people: Readonly<Record<string, PersonKind>>;
  readonly erasedPeople: readonly string[];
}

export type PersonKind = 'RELATIVE' | 'REPORTER' | 'SUSPECT';

/**
 * An append-only list that states share: full chunks are shared between a state and the next, only the last
 * chunk is copied. Recording the n-th visit copies about n/16 + 16 references instead of n, which keeps
 * folding a case with thousands of visits linear in practice (the plain copy made a full replay quadratic).
 */
export type ChunkedList<Item> = readonly (readonly Item[])[];
const CHUNK = 16;

const appendChunked = <Item>(list: ChunkedList<Item>, item: Item): ChunkedList<Item> => {
  const last = list.at(-1);
  if (!last || last.length === CHUNK) return [...list, [item]];
  const chunks = list.slice();
  chunks[chunks.length - 1] = [...last, item];
  return chunks;
};

export const monitoringVisitsOf = (state: CaseState): readonly string[] => state.monitoringVisits.flat();

export const initialCaseState = (): CaseState => ({
  status: 'NONE',
  formsOfHarm: [],
  cycle: 1,
  monitoringVisits: [],
  missedDeadlines: [],
  investigations: {},
  involvedAgencies: [],
  involvedParties: [],
  people: {},
  erasedPeople: [],
});

/** An agency, or one of its units, that takes part in a case. */
export interface Party {
  readonly agency: Agency;
  readonly unit?: string;
}

/**
 * The involvement with these parties added; the same arrays when none is new (most events: no allocation).
 * `system` is no party: its reactions involve whom they name, not themselves.
 */
function involve(
  state: CaseState,
  ...parties: Party[]
): Pick<CaseState, 'involvedAgencies' | 'involvedParties'> {
  let { involvedAgencies, involvedParties } = state;
  for (const { agency, unit } of parties) {
    if (agency === 'system') continue;
    const party = partyOf(agency, unit);
    if (!involvedAgencies.includes(agency)) involvedAgencies = [...involvedAgencies, agency];
    if (!involvedParties.includes(party)) involvedParties = [...involvedParties, party];
  }
  return { involvedAgencies, involvedParties };
}

/** Who wrote an event: its agency, and the unit when the writer's token names one. */
export type Writer = Agency | Party;

/** Folds one event into the state. Pure; the same function serves the service, replays and audits. */
export function evolve(state: CaseState, event: CaseEvent, writer?: Writer): CaseState {
  const next = evolveEvent(state, event);
  if (writer === undefined) return next;
  const party = typeof writer === 'string' ? { agency: writer } : writer;
  // Copied again only when the writer is new to the case: a full replay runs this for every event.
  const involvement = involve(next, party);
  return involvement.involvedParties === next.involvedParties ? next : { ...next, ...involvement };
}

/** What the policy needs to know of a case to decide who sees it. */
export const caseFactsOf = (state: CaseState): CaseFacts => ({
  ...(state.communeCode ? { communeCode: state.communeCode } : {}),
  involvedAgencies: state.involvedAgencies,
  involvedParties: state.involvedParties,
  ...(state.transfer ? { transferTo: state.transfer.toCommuneCode } : {}),
  ...(state.formerCommunes?.length ? { formerCommunes: state.formerCommunes } : {}),
});

function evolveEvent(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'ReportReceived': {
      const atCommune = event.data.receivingAgency === 'commune';
      return {
        ...state,
        status: atCommune ? 'AT_COMMUNE' : 'REPORTED',
        caseId: event.data.caseId,
        ...(event.data.caseNumber ? { caseNumber: event.data.caseNumber } : {}),
        childId: event.data.child.childId,
        communeCode: event.data.incidentCommuneCode,
        receivingAgency: event.data.receivingAgency,
        category: event.data.category,
        formsOfHarm: event.data.formsOfHarm,
        receivedAt: event.data.receivedAt,
        atCommuneAt: atCommune ? event.data.receivedAt : undefined,
        cycleStartedAt: event.data.receivedAt,
        ...involve(state, { agency: 'commune' }, { agency: event.data.receivingAgency }),
        people: {
          ...state.people,
          ...Object.fromEntries(
            event.data.relatives.map((relative) => [relative.personId, 'RELATIVE' as const]),
          ),
          ...(event.data.reporter.consentToRecordIdentity
            ? { [event.data.reporter.reporterId]: 'REPORTER' as const }
            : {}),
        },
      };
    }
    case 'ReportForwardedToCommune':
      return {
        ...state,
        status: 'AT_COMMUNE',
        communeCode: event.data.toCommuneCode,
        forwardedAt: event.data.forwardedAt,
        atCommuneAt: event.data.forwardedAt,
      };
    case 'InitialAssessmentCompleted':
      return {
        ...state,
        status: 'INITIAL_ASSESSED',
        initialAssessment: {
          assessedAt: event.data.assessedAt,
          childInSeriousDanger: event.data.childInSeriousDanger,
        },
      };
    case 'EmergencyInterventionTaken':
      return { ...state, emergencyMeasuresAt: state.emergencyMeasuresAt ?? event.data.takenAt };
    case 'TemporarySeparationDecided':
      return {
        ...state,
        emergencyMeasuresAt: state.emergencyMeasuresAt ?? event.data.decidedAt,
        separation: {
          number: (state.separation?.number ?? 0) + 1,
          decidedAt: event.data.decidedAt,
          until: event.data.until,
        },
      };
    case 'SeparationExtended':
      return state.separation
        ? { ...state, separation: { ...state.separation, until: event.data.until } }
        : state;
    case 'SeparationEnded':
      return state.separation
        ? { ...state, separation: { ...state.separation, endedAt: event.data.endedAt } }
        : state;
    case 'DetailedAssessmentCompleted':
      return {
        ...state,
        status: 'DETAILED_ASSESSED',
        detailedAssessedAt: event.data.assessedAt,
        plan: undefined,
      };
    case 'SupportPlanDrafted':
      return {
        ...state,
        status: 'PLAN_DRAFTED',
        plan: {
          planId: event.data.planId,
          draftedAt: event.data.draftedAt,
          tasks: event.data.tasks.map(({ taskId, responsibleAgency, responsibleUnit, dueDate }) => ({
            taskId,
            responsibleAgency,
            ...(responsibleUnit ? { responsibleUnit } : {}),
            dueDate,
          })),
        },
      };
    case 'SupportPlanReturned':
      return { ...state, status: 'DETAILED_ASSESSED', plan: undefined };
    case 'SupportPlanApproved':
      return state.plan
        ? {
            ...state,
            status: 'IN_IMPLEMENTATION',
            plan: { ...state.plan, approvedAt: event.data.approvedAt },
            ...involve(
              state,
              ...state.plan.tasks.map((task) => ({
                agency: task.responsibleAgency,
                unit: task.responsibleUnit,
              })),
            ),
          }
        : state;
    case 'InterventionTaskCompleted':
      return state.plan
        ? {
            ...state,
            plan: {
              ...state.plan,
              tasks: state.plan.tasks.map((task) =>
                task.taskId === event.data.taskId ? { ...task, completedAt: event.data.completedAt } : task,
              ),
            },
          }
        : state;
    case 'MonitoringVisitRecorded':
      return { ...state, monitoringVisits: appendChunked(state.monitoringVisits, event.data.visitedAt) };
    case 'CaseReviewed':
      return {
        ...state,
        status: 'REVIEWED',
        review: { reviewedAt: event.data.reviewedAt, proposal: event.data.proposal },
      };
    case 'CaseClosed':
      return { ...state, status: 'CLOSED', closedAt: event.data.closedAt };
    case 'CaseReplanned':
      return {
        ...state,
        status: 'DETAILED_ASSESSED',
        cycle: state.cycle + 1,
        cycleStartedAt: event.data.decidedAt,
        plan: undefined,
        review: undefined,
        monitoringVisits: [],
      };
    case 'CaseReopened':
      return {
        ...initialCaseState(),
        ...state,
        status: 'AT_COMMUNE',
        cycle: state.cycle + 1,
        cycleStartedAt: event.data.reopenedAt,
        atCommuneAt: event.data.reopenedAt,
        initialAssessment: undefined,
        emergencyMeasuresAt: undefined,
        detailedAssessedAt: undefined,
        plan: undefined,
        review: undefined,
        closedAt: undefined,
        monitoringVisits: [],
      };
    case 'DeadlineMissed':
      return { ...state, missedDeadlines: [...state.missedDeadlines, event.data.deadlineId] };
    case 'InvestigationOpened':
      return {
        ...state,
        investigations: {
          ...state.investigations,
          [event.data.investigationId]: { openedAt: event.data.openedAt },
        },
      };
    case 'InvestigationClosed': {
      const investigation = state.investigations[event.data.investigationId];
      return investigation
        ? {
            ...state,
            investigations: {
              ...state.investigations,
              [event.data.investigationId]: { ...investigation, closedAt: event.data.closedAt },
            },
          }
        : state;
    }
    case 'SuspectIdentified':
      return { ...state, people: { ...state.people, [event.data.suspectId]: 'SUSPECT' } };
    case 'PersonDataErased':
      return { ...state, erasedPeople: [...state.erasedPeople, event.data.subjectId] };
    case 'StatementRecorded':
    case 'EvidenceCollected':
    case 'ProtectiveMeasureRequested':
    case 'ReferredForProsecution':
      return state;
    case 'CaseManagerAssigned':
      return { ...state, manager: event.data.managerId };
    case 'CaseTransferRequested':
      return {
        ...state,
        transfer: { toCommuneCode: event.data.toCommuneCode, requestedAt: event.data.requestedAt },
      };
    case 'CaseTransferRefused':
    case 'CaseTransferWithdrawn':
      return { ...state, transfer: undefined };
    // The case is the other commune's from now: its deadlines run on from the same starts (nothing of the
    // process is reset), and the new commune names its own manager.
    case 'CaseTransferAccepted': {
      const former = (state.formerCommunes ?? []).filter((code) => code !== event.data.toCommuneCode);
      return {
        ...state,
        communeCode: event.data.toCommuneCode,
        transfer: undefined,
        manager: undefined,
        formerCommunes: [
          ...former.filter((code) => code !== event.data.fromCommuneCode),
          event.data.fromCommuneCode,
        ],
      };
    }
    // Referrals are the referral service's (its own decider folds them); the case only learns who is involved.
    case 'ReferralIssued':
      return { ...state, ...involve(state, { agency: event.data.toAgency, unit: event.data.toUnit }) };
    case 'ReferralClaimed':
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'ReferralStarted':
    case 'ReferralCompleted':
    case 'ReferralWithdrawn':
    case 'ReferralEscalated':
    // The agencies' own work: theirs to fold; the case learns only that they wrote to it (involvement).
    case 'LegalAidOfficerAssigned':
    case 'LegalAdviceGiven':
    case 'LegalRepresentationProvided':
    case 'LegalAidClosed':
    case 'MedicalExaminationRecorded':
    case 'ForensicExaminationRecorded':
    case 'PsychologicalSupportSessionRecorded':
    case 'RehabilitationRecorded':
    case 'MedicalDischarged':
    case 'SchoolIncidentReported':
    case 'SchoolSafetyPlanAgreed':
    case 'ReintegrationSupportRecorded':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`no evolve for ${(unknown as { type: string }).type}`);
    }
  }
}
