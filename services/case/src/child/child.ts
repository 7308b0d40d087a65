import {
  BirthRegistrationRecorded,
  ChildDataErased,
  type ChildEvent,
  ChildRegistered,
  ChildSupportRecorded,
  checkPersonalIdNumber,
  DuplicateConfirmed,
  DuplicateDismissed,
  type Role,
  type Sex,
  SpecialCircumstanceEnded,
  type SpecialCircumstanceGroup,
  SpecialCircumstanceRecorded,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import { z } from 'zod';
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
export function canReadChild(
  caller: { readonly role: Role; readonly communes: readonly string[] },
  state: ChildState,
): boolean {
  if (!state.exists) return false;
  if (caller.role === 'provincial_coordinator' || caller.role === 'auditor') return true;
  return (
    (caller.role === 'commune_officer' || caller.role === 'commune_chair') &&
    state.communeCode !== undefined &&
    caller.communes.includes(state.communeCode)
  );
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

const command = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });

export const ChildCommand = z.discriminatedUnion('type', [
  command('RegisterChild', ChildRegistered),
  command('RecordBirthRegistration', BirthRegistrationRecorded),
  command('RecordSpecialCircumstance', SpecialCircumstanceRecorded),
  command('EndSpecialCircumstance', SpecialCircumstanceEnded),
  command('RecordChildSupport', ChildSupportRecorded),
  command('LinkToCase', z.object({ caseId: z.uuid(), linkedAt: z.iso.datetime({ offset: true }) })),
  command('ConfirmDuplicate', DuplicateConfirmed),
  command('DismissDuplicate', DuplicateDismissed),
  command('EraseChildData', ChildDataErased),
]);
export type ChildCommand = z.infer<typeof ChildCommand>;

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
  const ofCommune = context.actor.communeCode === state.communeCode;
  const communeStaff = (role === 'commune_officer' || role === 'commune_chair') && ofCommune;
  if (command.type === 'LinkToCase') {
    if (!communeStaff && !REGISTRARS.includes(role))
      throw new StepNotPermitted(`the role ${role} may not link cases`);
    if (state.cases.includes(command.data.caseId)) return [];
    return [{ type: 'ChildLinkedToCase', data: command.data }];
  }
  if (command.type === 'RecordChildSupport') {
    if (!communeStaff && role !== 'provincial_coordinator' && role !== 'health_worker') {
      throw new StepNotPermitted(`the role ${role} may not record support`);
    }
    return [{ type: 'ChildSupportRecorded', data: command.data }];
  }
  if (!communeStaff)
    throw new StepNotPermitted(`${command.type} is for the officials of the child's commune`);
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
