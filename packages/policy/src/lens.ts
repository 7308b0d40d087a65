import type { CaseEventType, Role } from '@chungtay/contracts';
import type { Agency } from '@chungtay/event-store';
import { type Access, type Category, eventContent, matrix } from './matrix.ts';

export interface Reader {
  readonly role: Role;
  readonly agency: Agency;
  readonly communes: readonly string[];
}

/** What the policy needs to know about a case: where it is and who takes part in it. */
export interface CaseFacts {
  readonly communeCode?: string;
  /** Agencies with a referral on the case, a task in its plan, or that wrote to it. */
  readonly involvedAgencies: readonly Agency[];
}

/**
 * Which cases a reader sees, as a filter a read model can apply: every case, or the cases of some communes
 * plus the cases some agencies are involved in. Outside it a role sees nothing of a case, not even that it
 * exists; a hotline operator records reports and reads no case.
 */
export type CaseScope =
  | { readonly everything: true }
  | {
      readonly everything: false;
      readonly communes: readonly string[];
      readonly involving: readonly Agency[];
    };

export function caseScopeOf(reader: Reader): CaseScope {
  const only = (communes: readonly string[], involving: readonly Agency[]): CaseScope => ({
    everything: false,
    communes,
    involving,
  });
  switch (reader.role) {
    case 'hotline_operator':
      return only([], []);
    case 'commune_officer':
    case 'commune_chair':
      return only(reader.communes, []);
    case 'police_investigator':
      // Provincial police units have no commune: they see every case; commune police their communes' and the cases they work on.
      return reader.communes.length === 0 ? { everything: true } : only(reader.communes, ['police']);
    case 'legal_aid_officer':
    case 'health_worker':
    case 'school_safety_officer':
      return only([], [reader.agency]);
    case 'provincial_coordinator':
    case 'auditor':
      return { everything: true };
  }
}

/** Whether a reader sees the case at all: whether it lies in the reader's scope. */
export function canSeeCase(reader: Reader, facts: CaseFacts): boolean {
  const scope = caseScopeOf(reader);
  if (scope.everything) return true;
  return (
    (facts.communeCode !== undefined && scope.communes.includes(facts.communeCode)) ||
    scope.involving.some((agency) => facts.involvedAgencies.includes(agency))
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
  /** Whether the event concerns the reader's own agency (its task, its referral): decides `own`. */
  readonly concernsReader?: boolean;
  /**
   * The reader's agency: a list of tasks seen as `own` keeps only this agency's tasks (a school reads its
   * own task in a plan, not the hospital's). Without it, no task of an `own` list is shown.
   */
  readonly readerAgency?: Agency;
}

/** Items of an `own` list that belong to another agency are left out; other values pass unchanged. */
function ownItems(value: unknown, readerAgency: Agency | undefined): unknown {
  if (!Array.isArray(value)) return value;
  return value.filter(
    (item) =>
      typeof item !== 'object' ||
      item === null ||
      !Object.hasOwn(item, 'responsibleAgency') ||
      (readerAgency !== undefined &&
        (item as { responsibleAgency: unknown }).responsibleAgency === readerAgency),
  );
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
      data[field] = matrix[category][role] === 'own' ? ownItems(value, options.readerAgency) : value;
    else if (access === 'redacted') data[field] = REDACTED;
    else if (access === 'masked') data[field] = MASKED;
  }
  return { visibility: 'visible', type, data };
}
