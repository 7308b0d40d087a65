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
 * Whether a reader sees the case at all. Outside its commune or involvement a role sees nothing of a case,
 * not even that it exists; a hotline operator reads no case.
 */
export function canSeeCase(reader: Reader, facts: CaseFacts): boolean {
  const inCommune = facts.communeCode !== undefined && reader.communes.includes(facts.communeCode);
  switch (reader.role) {
    case 'hotline_operator':
      return false;
    case 'commune_officer':
    case 'commune_chair':
      return inCommune;
    case 'police_investigator':
      // Provincial police units have no commune: they see every case; commune police their communes' and the cases they work on.
      return reader.communes.length === 0 || inCommune || facts.involvedAgencies.includes('police');
    case 'legal_aid_officer':
    case 'health_worker':
    case 'school_safety_officer':
      return facts.involvedAgencies.includes(reader.agency);
    case 'provincial_coordinator':
    case 'auditor':
      return true;
  }
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
    if (access === 'visible') data[field] = value;
    else if (access === 'redacted') data[field] = REDACTED;
    else if (access === 'masked') data[field] = MASKED;
  }
  return { visibility: 'visible', type, data };
}
