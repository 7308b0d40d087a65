import {
  ChildCommand,
  type ChildEvent,
  checkPersonalIdNumber,
  type Role,
  type Sex,
  type SpecialCircumstanceGroup,
  SpecialCircumstanceGroups,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import { CaseNotFound, CaseRuleViolation, StepNotPermitted } from '../case/errors.ts';

/** The child record's state: what the process and the indicators need (no personal data). */
export interface ChildState {
  readonly exists: boolean;
  readonly childId?: string;
  readonly communeCode?: string;
  readonly sex?: Sex;
  readonly birthYear?: number;
  readonly birthRegistration?: 'REGISTERED' | 'NOT_REGISTERED' | 'UNKNOWN';
  readonly specialCircumstances: readonly SpecialCircumstanceGroup[];
  readonly supportRecorded: number;
  readonly cases: readonly string[];
  readonly possibleDuplicates: readonly string[];
  readonly confirmedDuplicates: readonly string[];
  /** The child's personal data was erased (their key destroyed); the record keeps its non-personal facts. */
  readonly erased: boolean;
}

export const initialChildState = (): ChildState => ({
  exists: false,
  specialCircumstances: [],
  supportRecorded: 0,
  cases: [],
  possibleDuplicates: [],
  confirmedDuplicates: [],
  erased: false,
});

const yearOf = (date: unknown): number | undefined =>
  typeof date === 'string' ? Number(date.slice(0, 4)) : undefined;

export function evolveChild(state: ChildState, event: ChildEvent): ChildState {
  switch (event.type) {
    case 'ChildRegistered':
      return {
        ...state,
        exists: true,
        childId: event.data.childId,
        communeCode: event.data.communeCode,
        sex: event.data.sex,
        birthYear: yearOf(event.data.birthDate) ?? event.data.estimatedBirthYear,
        birthRegistration: event.data.birthRegistration,
        specialCircumstances: event.data.specialCircumstances,
      };
    case 'ChildDetailsCorrected':
      return {
        ...state,
        ...(event.data.communeCode ? { communeCode: event.data.communeCode } : {}),
        ...(event.data.sex ? { sex: event.data.sex } : {}),
        ...(yearOf(event.data.birthDate) ? { birthYear: yearOf(event.data.birthDate) } : {}),
      };
    case 'BirthRegistrationRecorded':
      return { ...state, birthRegistration: event.data.status };
    case 'SpecialCircumstanceRecorded':
      return {
        ...state,
        specialCircumstances: [...new Set([...state.specialCircumstances, event.data.group])],
      };
    case 'SpecialCircumstanceEnded':
      return {
        ...state,
        specialCircumstances: state.specialCircumstances.filter((group) => group !== event.data.group),
      };
    case 'ChildSupportRecorded':
      return { ...state, supportRecorded: state.supportRecorded + 1 };
    case 'ChildLinkedToCase':
      return { ...state, cases: [...state.cases, event.data.caseId] };
    case 'PossibleDuplicateFlagged':
      return { ...state, possibleDuplicates: [...state.possibleDuplicates, event.data.otherChildId] };
    case 'DuplicateConfirmed':
      return {
        ...state,
        possibleDuplicates: state.possibleDuplicates.filter((id) => id !== event.data.otherChildId),
        confirmedDuplicates: [...state.confirmedDuplicates, event.data.otherChildId],
      };
    case 'DuplicateDismissed':
      return {
        ...state,
        possibleDuplicates: state.possibleDuplicates.filter((id) => id !== event.data.otherChildId),
      };
    case 'ChildDataErased':
      return { ...state, erased: true };
    default: {
      const unknown: never = event;
      throw new Error(`no evolve for ${(unknown as { type: string }).type}`);
    }
  }
}

/**
 * Who reads a child record: the officials of the child's commune, the province and auditors. Others who work
 * on one of the child's cases may still act on the record where its rules let them (`ChildApplication`).
 */
/** Who reads child records at all, and so searches them by name or ID number: the rest of the rule is below. */
export const maySearchChildren = (role: Role): boolean =>
  role === 'commune_officer' ||
  role === 'commune_chair' ||
  role === 'provincial_coordinator' ||
  role === 'auditor';

/** The communes whose children a reader's search covers: all of them for the province and auditors. */
export const searchedCommunes = (caller: {
  readonly role: Role;
  readonly communes: readonly string[];
}): readonly string[] | 'all' =>
  caller.role === 'provincial_coordinator' || caller.role === 'auditor' ? 'all' : caller.communes;

export function canReadChild(
  caller: { readonly role: Role; readonly communes: readonly string[] },
  state: ChildState,
): boolean {
  if (!state.exists || !maySearchChildren(caller.role)) return false;
  const communes = searchedCommunes(caller);
  return communes === 'all' || (state.communeCode !== undefined && communes.includes(state.communeCode));
}

/**
 * Who erases a person's data: the province's coordinator, for the Department of Health that holds it, on
 * the grounds the request or decision gives (decision 0043). Checked before anything is read of the child,
 * so no one else learns whether the child exists.
 */
export function assertMayErase(role: Role): void {
  if (role !== 'provincial_coordinator')
    throw new StepNotPermitted('only the provincial coordinator erases a person’s data');
}

export { ChildCommand };

/** Records that intake found: other children who may be this one. */
export interface DuplicateCandidate {
  readonly childId: string;
  readonly reason: 'SAME_ID_NUMBER' | 'SIMILAR_NAME_BIRTH_DATE_COMMUNE';
}

export interface ChildContext {
  readonly now: Date;
  readonly actor: Actor;
  /** Found by the blind index before deciding (RegisterChild only). */
  readonly candidates?: readonly DuplicateCandidate[];
}

const REGISTRARS: readonly Role[] = [
  'commune_officer',
  'commune_chair',
  'hotline_operator',
  'police_investigator',
  'health_worker',
];
const rule = (name: string, message: string, field?: string) => new CaseRuleViolation(name, message, field);

export type ChildCommandType = ChildCommand['type'];

/**
 * Who may take a step on an existing record: the one table the decider checks and the console's offer is
 * computed from (`availableChildSteps`). Registration and erasure are judged before a record is read.
 */
export function childStepPermitted(type: ChildCommandType, state: ChildState, actor: Actor): boolean {
  const role = actor.role as Role;
  const communeStaff =
    (role === 'commune_officer' || role === 'commune_chair') && actor.communeCode === state.communeCode;
  switch (type) {
    case 'RegisterChild':
      return REGISTRARS.includes(role);
    case 'EraseChildData':
      return role === 'provincial_coordinator';
    case 'LinkToCase':
      return communeStaff || REGISTRARS.includes(role);
    case 'RecordChildSupport':
      return communeStaff || role === 'provincial_coordinator' || role === 'health_worker';
    default:
      return communeStaff;
  }
}

/** The steps a person takes on a record from its page (linking to a case is the intake's, not a person's). */
export const CHILD_STEPS = [
  'RecordSpecialCircumstance',
  'EndSpecialCircumstance',
  'RecordBirthRegistration',
  'RecordChildSupport',
  'ConfirmDuplicate',
  'DismissDuplicate',
  'EraseChildData',
] as const satisfies readonly ChildCommandType[];
export type ChildStep = (typeof CHILD_STEPS)[number];

/** What each step needs of the record besides the person's permission. */
const CHILD_STEP_READY: Record<ChildStep, (state: ChildState) => boolean> = {
  RecordSpecialCircumstance: (state) =>
    state.specialCircumstances.length < SpecialCircumstanceGroups.codes.length,
  EndSpecialCircumstance: (state) => state.specialCircumstances.length > 0,
  RecordBirthRegistration: () => true,
  RecordChildSupport: () => true,
  ConfirmDuplicate: (state) => state.possibleDuplicates.length > 0,
  DismissDuplicate: (state) => state.possibleDuplicates.length > 0,
  EraseChildData: (state) => !state.erased,
};

/** The steps the actor may take on the record now: what its page offers (the decider still judges each). */
export const availableChildSteps = (state: ChildState, actor: Actor): ChildStep[] =>
  state.exists
    ? CHILD_STEPS.filter((step) => childStepPermitted(step, state, actor) && CHILD_STEP_READY[step](state))
    : [];

/** The child record's rules. Pure, like the case decider. */
export function decideChild(command: ChildCommand, state: ChildState, context: ChildContext): ChildEvent[] {
  const role = context.actor.role as Role;
  if (command.type === 'RegisterChild') {
    if (!REGISTRARS.includes(role)) throw new StepNotPermitted(`the role ${role} may not register a child`);
    if (state.exists) throw rule('child_exists', 'this child is already registered', 'childId');
    const data = command.data;
    if (data.birthDate === undefined && data.estimatedBirthYear === undefined) {
      throw rule('age_required', 'give the birth date or an estimated birth year', 'estimatedBirthYear');
    }
    if (typeof data.personalIdNumber === 'string') {
      const problem = checkPersonalIdNumber(data.personalIdNumber, {
        sex: data.sex,
        ...(typeof data.birthDate === 'string' ? { birthYear: Number(data.birthDate.slice(0, 4)) } : {}),
      });
      if (problem)
        throw rule(
          `personal_id_${problem}`,
          `the personal ID number does not fit (${problem})`,
          'personalIdNumber',
        );
    }
    return [
      { type: 'ChildRegistered', data },
      ...(context.candidates ?? []).map((candidate) => ({
        type: 'PossibleDuplicateFlagged' as const,
        data: {
          otherChildId: candidate.childId,
          flaggedAt: context.now.toISOString(),
          reason: candidate.reason,
        },
      })),
    ];
  }
  if (command.type === 'EraseChildData') {
    // Again after erasure: nothing more to record.
    assertMayErase(role);
    if (!state.exists) throw new CaseNotFound('no such child');
    if (state.erased) return [];
    return [{ type: 'ChildDataErased', data: command.data }];
  }
  if (!state.exists) throw new CaseNotFound('no such child');
  if (!childStepPermitted(command.type, state, context.actor)) {
    throw new StepNotPermitted(
      command.type === 'LinkToCase' || command.type === 'RecordChildSupport'
        ? `the role ${role} may not ${command.type === 'LinkToCase' ? 'link cases' : 'record support'}`
        : `${command.type} is for the officials of the child's commune`,
    );
  }
  if (command.type === 'LinkToCase') {
    if (state.cases.includes(command.data.caseId)) return [];
    return [{ type: 'ChildLinkedToCase', data: command.data }];
  }
  if (command.type === 'RecordChildSupport') return [{ type: 'ChildSupportRecorded', data: command.data }];
  switch (command.type) {
    case 'RecordBirthRegistration':
      return [{ type: 'BirthRegistrationRecorded', data: command.data }];
    case 'RecordSpecialCircumstance':
      if (state.specialCircumstances.includes(command.data.group)) return [];
      return [{ type: 'SpecialCircumstanceRecorded', data: command.data }];
    case 'EndSpecialCircumstance':
      if (!state.specialCircumstances.includes(command.data.group)) {
        throw rule('not_in_group', 'the child is not recorded in that group', 'group');
      }
      return [{ type: 'SpecialCircumstanceEnded', data: command.data }];
    case 'ConfirmDuplicate':
    case 'DismissDuplicate':
      if (!state.possibleDuplicates.includes(command.data.otherChildId)) {
        throw rule(
          'no_such_possible_duplicate',
          'that record was not flagged as a possible duplicate',
          'otherChildId',
        );
      }
      return command.type === 'ConfirmDuplicate'
        ? [{ type: 'DuplicateConfirmed', data: command.data }]
        : [{ type: 'DuplicateDismissed', data: command.data }];
  }
}
