import type { Role } from '@chungtay/contracts';
import { accessTo } from '@chungtay/policy';
import type { Deadline } from './deadlines.ts';
import type { CaseState } from './state.ts';

/** A deadline as a reader sees it: what it is, when it is due, whether it was met, and its legal basis. */
export interface DeadlineFacts {
  readonly id: string;
  readonly kind: Deadline['kind'];
  readonly dueAt: string;
  readonly status: Deadline['status'];
  readonly metAt: string | null;
  readonly basis: string;
}

/**
 * What a reader learns of a case outside its timeline, by the access matrix: its status, commune and
 * revision, and the process deadlines for the roles that see them (the others none). The one read of a
 * case's summary, for the REST read and the gateway's `Case` alike, so the two disclose the same facts.
 */
export interface CaseSummary {
  readonly caseId: string;
  readonly revision: number;
  readonly status: CaseState['status'];
  readonly communeCode: string | null;
  readonly deadlines: readonly DeadlineFacts[];
}

export const visibleDeadlines = (role: Role, deadlines: readonly Deadline[]): readonly Deadline[] =>
  accessTo(role, 'deadlines') === 'visible' ? deadlines : [];

export function caseSummary(
  role: Role,
  view: { readonly caseId: string; readonly revision: number; readonly state: CaseState },
  deadlines: readonly Deadline[],
): CaseSummary {
  return {
    caseId: view.caseId,
    revision: view.revision,
    status: view.state.status,
    communeCode: view.state.communeCode ?? null,
    deadlines: visibleDeadlines(role, deadlines).map((deadline) => ({
      id: deadline.id,
      kind: deadline.kind,
      dueAt: deadline.dueAt,
      status: deadline.status,
      metAt: deadline.metAt ?? null,
      basis: deadline.basis,
    })),
  };
}
