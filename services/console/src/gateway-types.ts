import type { CaseStatus, DeadlineKinds } from '@chungtay/contracts/browser';

/**
 * The shapes of the gateway's answers the screens read, by hand until the operations are typed from
 * `schema.graphql` (issue 18, item 3).
 */
export interface DeadlineView {
  readonly id: string;
  readonly kind: keyof typeof DeadlineKinds.labels;
  readonly dueAt: string;
  /** OPEN, OVERDUE, MET, MET_LATE or RECORDED_LATE. */
  readonly status: string;
  readonly metAt?: string | null;
}

export interface CaseSummaryView {
  readonly id: string;
  readonly status: CaseStatus;
  readonly communeCode: string | null;
  readonly deadlines: readonly DeadlineView[];
}
