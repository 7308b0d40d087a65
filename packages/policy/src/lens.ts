import type { CaseEventType, Role } from '@chungtay/contracts';
import type { Agency } from '@chungtay/event-store';
import { type Access, type Category, eventContent, matrix } from './matrix.ts';

export interface Reader {
  readonly role: Role;
  readonly agency: Agency;
  /** The reader's unit (a health station, a school, a police unit), as the token names it. */
  readonly unit?: string;
  readonly communes: readonly string[];
}

/**
 * A party to a case: an agency's unit that a referral, a plan task or a write names (`health/Trạm y tế …`),
 * or an agency with no unit named (`health/`), which the agency's units serving the case's commune answer.
 */
export const partyOf = (agency: Agency, unit?: string): string => `${agency}/${unit ?? ''}`;
const UNADDRESSED = (agency: Agency) => partyOf(agency);

/** What the policy needs to know about a case: where it is and who takes part in it. */
export interface CaseFacts {
  readonly communeCode?: string;
  /** Agencies with a referral on the case, a task in its plan, or that wrote to it. */
  readonly involvedAgencies: readonly Agency[];
  /** The same involvement by unit (`partyOf`): whom each referral, task and write named. */
  readonly involvedParties: readonly string[];
  /** The commune asked to take the case over, while it has not answered (decision 0058). */
  readonly transferTo?: string;
  /** The communes that had the case and handed it over to another (decision 0058). */
  readonly formerCommunes?: readonly string[];
}

/**
 * Which cases a reader sees, as a filter a read model can apply: every case, or the cases of some communes,
 * the cases some agencies (any of their units) are involved in, the cases some units are involved in, and
 * the cases of some communes where an agency is involved with no unit named. Outside it a role sees nothing
 * of a case, not even that it exists; a hotline operator records reports and reads no case.
 */
export type CaseScope =
  | { readonly everything: true }
  | {
      readonly everything: false;
      readonly communes: readonly string[];
      /** Communes whose officials see the cases another commune asks them to take over. */
      readonly receiving: readonly string[];
      readonly involving: readonly Agency[];
      readonly parties: readonly string[];
      readonly unaddressed: { readonly parties: readonly string[]; readonly communes: readonly string[] };
    };

/**
 * Who sees which case (decision 0044): the commune its cases; the provincial police, the province and
 * auditors every case; the state legal-aid centre, which acts for the whole province through its branches,
 * every case legal aid is involved in; commune police, health stations, hospitals and schools the cases
 * their own unit is involved in, and those of their communes involving their agency with no unit named.
 */
export function caseScopeOf(reader: Reader): CaseScope {
  const only = (
    scope: Partial<Omit<Extract<CaseScope, { everything: false }>, 'everything'>>,
  ): CaseScope => ({
    everything: false,
    communes: scope.communes ?? [],
    receiving: scope.receiving ?? [],
    involving: scope.involving ?? [],
    parties: scope.parties ?? [],
    unaddressed: scope.unaddressed ?? { parties: [], communes: [] },
  });
  const ownUnit = (): CaseScope =>
    only({
      communes: reader.role === 'police_investigator' ? reader.communes : [],
      parties: reader.unit ? [partyOf(reader.agency, reader.unit)] : [],
      unaddressed: { parties: [UNADDRESSED(reader.agency)], communes: reader.communes },
    });
  switch (reader.role) {
    case 'hotline_operator':
      return only({});
    case 'commune_officer':
    case 'commune_chair':
      // Asked to take a case over, a commune reads it to decide, as it will once it is theirs (decision 0058).
      return only({ communes: reader.communes, receiving: reader.communes });
    case 'police_investigator':
      // The provincial police's units have no commune: they investigate anywhere in the province.
      return reader.communes.length === 0 ? { everything: true } : ownUnit();
    case 'legal_aid_officer':
      return only({ involving: [reader.agency] });
    case 'health_worker':
    case 'school_safety_officer':
      return ownUnit();
    case 'provincial_coordinator':
    case 'auditor':
      return { everything: true };
  }
}

/** Whether a reader sees the case at all: whether it lies in the reader's scope. */
export function canSeeCase(reader: Reader, facts: CaseFacts): boolean {
  const scope = caseScopeOf(reader);
  if (scope.everything) return true;
  const inCommune = (communes: readonly string[]) =>
    facts.communeCode !== undefined && communes.includes(facts.communeCode);
  return (
    inCommune(scope.communes) ||
    (facts.transferTo !== undefined && scope.receiving.includes(facts.transferTo)) ||
    scope.involving.some((agency) => facts.involvedAgencies.includes(agency)) ||
    scope.parties.some((party) => facts.involvedParties.includes(party)) ||
    (inCommune(scope.unaddressed.communes) &&
      scope.unaddressed.parties.some((party) => facts.involvedParties.includes(party)))
  );
}

/**
 * Whether the reader is of a commune that handed the case over and no longer has it in scope: such a reader
 * reads the case as it stood when the other commune accepted it, and nothing after (decision 0058).
 */
export function handedOverBy(reader: Reader, facts: CaseFacts): boolean {
  if (reader.role !== 'commune_officer' && reader.role !== 'commune_chair') return false;
  return (
    (facts.formerCommunes ?? []).some((commune) => reader.communes.includes(commune)) &&
    !canSeeCase(reader, facts)
  );
}

export const REDACTED = Object.freeze({ $redacted: true });
export const MASKED = Object.freeze({ $masked: true });

/** An event as a reader sees it: `redacted` events keep their type, time and writing agency, not their data. */
export type LensedEvent =
  | { readonly visibility: 'visible'; readonly type: CaseEventType; readonly data: Record<string, unknown> }
  | { readonly visibility: 'redacted'; readonly type: CaseEventType };

export interface LensOptions {
  /** The auditor stated a reason to unmask personal data (the caller records it on the case). */
  readonly unmasked?: boolean;
  /** Whether the event concerns the reader's own unit (its task, its referral): decides `own`. */
  readonly concernsReader?: boolean;
  /**
   * The reader: a list of tasks seen as `own` keeps only the tasks that `concerns` the reader (a school reads
   * its own task in a plan, not the hospital's). Without it, no task of an `own` list is shown.
   */
  readonly reader?: Reader;
}

/**
 * Whether work addressed to an agency, and perhaps one of its units, is the reader's own: the same agency,
 * and the reader's unit when both name one. Work addressed to no unit is every unit's of its agency; the
 * state legal-aid centre acts as one for the province (decision 0044).
 */
export function concerns(reader: Reader, agency: unknown, unit: unknown): boolean {
  if (agency !== reader.agency) return false;
  if (reader.role === 'legal_aid_officer' || typeof unit !== 'string' || reader.unit === undefined)
    return true;
  return unit === reader.unit;
}

/** Items of an `own` list that belong to another agency or unit are left out; other values pass unchanged. */
function ownItems(value: unknown, reader: Reader | undefined): unknown {
  if (!Array.isArray(value)) return value;
  return value.filter((item) => {
    if (typeof item !== 'object' || item === null || !Object.hasOwn(item, 'responsibleAgency')) return true;
    const task = item as { responsibleAgency: unknown; responsibleUnit?: unknown };
    return reader !== undefined && concerns(reader, task.responsibleAgency, task.responsibleUnit);
  });
}

const resolve = (access: Access, options: LensOptions): Exclude<Access, 'own'> =>
  access === 'own'
    ? options.concernsReader
      ? 'visible'
      : 'redacted'
    : access === 'masked' && options.unmasked
      ? 'visible'
      : access;

/** The access of a role to a category, `own` and unmasking resolved. */
export const accessTo = (role: Role, category: Category, options: LensOptions = {}) =>
  resolve(matrix[category][role], options);

/**
 * One event through one reader's lens: hidden (undefined), redacted, or visible with each field visible,
 * redacted, masked or left out, by the matrix. Default deny: an unnamed type or field is hidden.
 */
export function lens(
  role: Role,
  event: { readonly type: string; readonly data: unknown },
  options: LensOptions = {},
): LensedEvent | undefined {
  // Own properties only: a type or field named like an Object.prototype member ("toString") is not named.
  const content = Object.hasOwn(eventContent, event.type)
    ? eventContent[event.type as CaseEventType]
    : undefined;
  if (!content) return undefined;
  const type = event.type as CaseEventType;
  const eventAccess = accessTo(role, content.event, options);
  if (eventAccess === 'hidden') return undefined;
  if (eventAccess === 'redacted') return { visibility: 'redacted', type };
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries((event.data ?? {}) as Record<string, unknown>)) {
    const category = Object.hasOwn(content.fields, field) ? content.fields[field] : undefined;
    if (!category) continue;
    const access = accessTo(role, category, options);
    if (access === 'visible')
      data[field] = matrix[category][role] === 'own' ? ownItems(value, options.reader) : value;
    else if (access === 'redacted') data[field] = REDACTED;
    else if (access === 'masked') data[field] = MASKED;
  }
  return { visibility: 'visible', type, data };
}
