import { WorkingCalendar } from '@chungtay/calendar';
import { deadlinesOf, defaultDeadlinePolicy, lateByHours } from '@chungtay/case';
import type { EventStore } from '@chungtay/event-store';
import { unanswered } from '@chungtay/referral';
import { CaseFolds, readLog, type Viewing } from './case-folds.ts';

/** Which cases: one, a commune's, or every one; received in [from, to) when given. */
export interface ComplianceScope {
  readonly caseId?: string;
  readonly communeCode?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface ComplianceLine {
  readonly caseId: string;
  readonly communeCode?: string;
  readonly status: string;
  readonly receivedAt?: string;
  readonly deadlines: ReadonlyArray<{
    readonly kind: string;
    readonly dueAt: string;
    readonly status: string;
    readonly metAt?: string;
    readonly lateByHours: number | null;
  }>;
  readonly unansweredReferrals: ReadonlyArray<{
    readonly referralId: string;
    readonly toAgency: string;
    readonly status: string;
    readonly dueAt: string;
    readonly escalated: boolean;
  }>;
  /** Open, and no step taken for longer than the monitoring interval (30 days). */
  readonly withoutFollowUp: boolean;
  readonly lastActivity?: string;
  readonly viewings: readonly Viewing[];
}

export interface ComplianceReport {
  readonly scope: ComplianceScope;
  readonly judgedAt: string;
  readonly logSize: number;
  readonly lines: readonly ComplianceLine[];
  readonly totals: {
    readonly cases: number;
    readonly met: number;
    readonly metLate: number;
    /** Done in time by the stated time, recorded only after the miss was (decision 0040). */
    readonly recordedLate: number;
    readonly overdue: number;
    readonly unansweredReferrals: number;
    readonly withoutFollowUp: number;
  };
}

const FOLLOW_UP_DAYS = 30;

/**
 * Deadline compliance by replaying the log (J4): every legal deadline met, met late or missed and by how much,
 * referrals left unanswered, open cases without follow-up, and who viewed each case — with the case
 * service's deadline rules and the referral service's fold, as the gateway's `compliance` uses them.
 */
export async function complianceOf(
  store: EventStore,
  scope: ComplianceScope,
  options: { readonly now?: Date; readonly onProgress?: (read: number) => void } = {},
): Promise<ComplianceReport> {
  const folds = new CaseFolds();
  const logSize = await readLog(store, (event) => folds.add(event), options);
  const now = options.now ?? new Date();
  const calendar = WorkingCalendar.default();
  const lines: ComplianceLine[] = [];
  for (const [caseId, folded] of folds.cases) {
    const state = folded.state.caseState;
    if (state.status === 'NONE') continue;
    if (scope.caseId && caseId !== scope.caseId) continue;
    if (scope.communeCode && state.communeCode !== scope.communeCode) continue;
    const received = state.receivedAt ? Date.parse(state.receivedAt) : Number.NaN;
    if (scope.from && !(received >= Date.parse(scope.from))) continue;
    if (scope.to && !(received < Date.parse(scope.to))) continue;
    const lastActivity = folded.lastActivity;
    lines.push({
      caseId,
      status: state.status,
      ...(state.communeCode ? { communeCode: state.communeCode } : {}),
      ...(state.receivedAt ? { receivedAt: state.receivedAt } : {}),
      deadlines: deadlinesOf(state, now, defaultDeadlinePolicy, calendar).map((deadline) => ({
        kind: deadline.kind,
        dueAt: deadline.dueAt,
        status: deadline.status,
        ...(deadline.metAt ? { metAt: deadline.metAt } : {}),
        lateByHours: lateByHours(deadline, now),
      })),
      unansweredReferrals: unanswered(folded.state.referrals, now),
      withoutFollowUp:
        state.status !== 'CLOSED' &&
        lastActivity !== undefined &&
        now.getTime() - Date.parse(lastActivity) > FOLLOW_UP_DAYS * 86_400_000,
      ...(lastActivity ? { lastActivity } : {}),
      viewings: folded.viewings,
    });
  }
  lines.sort((a, b) => (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''));
  const count = (status: string) =>
    lines.reduce(
      (sum, line) => sum + line.deadlines.filter((deadline) => deadline.status === status).length,
      0,
    );
  return {
    scope,
    judgedAt: now.toISOString(),
    logSize,
    lines,
    totals: {
      cases: lines.length,
      met: count('MET'),
      metLate: count('MET_LATE'),
      recordedLate: count('RECORDED_LATE'),
      overdue: count('OVERDUE'),
      unansweredReferrals: lines.reduce((sum, line) => sum + line.unansweredReferrals.length, 0),
      withoutFollowUp: lines.filter((line) => line.withoutFollowUp).length,
    },
  };
}
