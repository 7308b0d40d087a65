import { addDays, addHours, vietnamDate, type WorkingCalendar } from '@chungtay/calendar';
import type { DeadlineKind } from '@chungtay/contracts';
import type { z } from 'zod';
import type { DeadlinePolicy } from './deadline-policy.ts';
import { type CaseState, monitoringVisitsOf } from './state.ts';

type Kind = z.infer<typeof DeadlineKind>;

export interface Deadline {
  /** Stable across replays: kind, cycle and (for repeating ones) its number. */
  readonly id: string;
  readonly kind: Kind;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly metAt?: string;
  /**
   * MET, MET_LATE (done after it was due), RECORDED_LATE (done in time by its stated time, but recorded only
   * after the platform had recorded it missed: never met in time, counted apart; decision 0040), OPEN, or
   * OVERDUE (due and not done).
   */
  readonly status: DeadlineStatus;
  /** Whether a `DeadlineMissed` event records it already. */
  readonly missRecorded: boolean;
  /** False when a working-day deadline crosses a year with no announced holidays. */
  readonly calendarComplete: boolean;
  /** How the law counts it: clock hours, calendar days, or working days (weekends and holidays left out). */
  readonly counting: 'HOURS' | 'DAYS' | 'WORKING_DAYS';
  readonly basis: string;
}

export type DeadlineStatus = 'MET' | 'MET_LATE' | 'RECORDED_LATE' | 'OPEN' | 'OVERDUE';

const iso = (date: Date) => date.toISOString();

/**
 * Every deadline of the case's current cycle, computed from its events: the law's clocks on the working-day
 * calendar. Pure: `now` only decides OPEN versus OVERDUE.
 */
export function deadlinesOf(
  state: CaseState,
  now: Date,
  policy: DeadlinePolicy,
  calendar: WorkingCalendar,
): Deadline[] {
  if (state.status === 'NONE' || !state.receivedAt) return [];
  const deadlines: Deadline[] = [];
  const cycle = state.cycle;
  const add = (
    kind: Kind,
    start: string,
    due: Date,
    metAt: string | undefined,
    basis: string,
    counting: Deadline['counting'],
    { suffix = '', calendarComplete = true } = {},
  ) => {
    const id = `${kind}:${cycle}${suffix}`;
    const dueAt = iso(due);
    // The watcher records a miss only while nothing is done: a step seen after one was recorded after it.
    const missRecorded = state.missedDeadlines.includes(id);
    const status: DeadlineStatus = metAt
      ? Date.parse(metAt) > due.getTime()
        ? 'MET_LATE'
        : missRecorded
          ? 'RECORDED_LATE'
          : 'MET'
      : now.getTime() > due.getTime()
        ? 'OVERDUE'
        : 'OPEN';
    deadlines.push({
      id,
      kind,
      startedAt: start,
      dueAt,
      metAt,
      status,
      missRecorded,
      calendarComplete,
      counting,
      basis,
    });
  };
  const workingDays = (start: string, days: number) => {
    const due = calendar.addWorkingDays(new Date(start), days);
    return { due, calendarComplete: calendar.coversPeriod(new Date(start), due) };
  };

  if (cycle === 1 && state.receivingAgency && state.receivingAgency !== 'commune') {
    add(
      'FORWARD_TO_COMMUNE',
      state.receivedAt,
      addHours(new Date(state.receivedAt), policy.forwardToCommuneHours),
      state.forwardedAt,
      'D56 Art. 26(1): forward immediately',
      'HOURS',
    );
  }

  const atCommune = state.atCommuneAt;
  const emergencyStart =
    cycle === 1 && policy.emergencyClockStartsAt === 'REPORT_RECEIVED' ? state.receivedAt : atCommune;
  if (emergencyStart) {
    add(
      'INITIAL_ASSESSMENT',
      emergencyStart,
      addHours(new Date(emergencyStart), policy.initialAssessmentHours),
      state.initialAssessment?.assessedAt,
      'D56 Art. 26(2): Form 02, within the 12-hour window',
      'HOURS',
    );
    if (state.initialAssessment?.childInSeriousDanger) {
      add(
        'EMERGENCY_MEASURES',
        emergencyStart,
        addHours(new Date(emergencyStart), policy.emergencyMeasuresHours),
        state.emergencyMeasuresAt,
        'D56 Art. 26(3), 31, 32: within 12 hours of receiving the information',
        'HOURS',
      );
    }
  }

  if (state.separation) {
    add(
      'SEPARATION_LIMIT',
      state.separation.decidedAt,
      new Date(state.separation.until),
      state.separation.endedAt,
      'D56 Art. 32: at most 15 days unless a competent authority extends it',
      'DAYS',
      { suffix: `#${state.separation.number}` },
    );
  }

  const planStart =
    cycle > 1
      ? state.cycleStartedAt
      : policy.supportPlanClockStartsAt === 'AT_COMMUNE'
        ? atCommune
        : policy.supportPlanClockStartsAt === 'INITIAL_ASSESSMENT'
          ? state.initialAssessment?.assessedAt
          : state.detailedAssessedAt;
  if (planStart && state.status !== 'CLOSED') {
    const { due, calendarComplete } = workingDays(planStart, policy.supportPlanDraftWorkingDays);
    add(
      'SUPPORT_PLAN_DRAFT',
      planStart,
      due,
      state.plan?.draftedAt,
      'D56 Art. 28: Form 04 within 5 working days',
      'WORKING_DAYS',
      {
        calendarComplete,
      },
    );
  }
  if (state.plan) {
    const { due, calendarComplete } = workingDays(
      state.plan.draftedAt,
      policy.supportPlanApprovalWorkingDays,
    );
    add(
      'SUPPORT_PLAN_APPROVAL',
      state.plan.draftedAt,
      due,
      state.plan.approvedAt,
      'Procedure 2.001947: 7 working days in all, 2 for approval [inferred]',
      'WORKING_DAYS',
      { calendarComplete },
    );
  }

  if (state.plan?.approvedAt && (state.status === 'IN_IMPLEMENTATION' || state.status === 'REVIEWED')) {
    // Each visit is due a fixed interval after the previous one (or after approval).
    const visits = monitoringVisitsOf(state);
    let from = state.plan.approvedAt;
    for (let index = 0; index <= visits.length; index++) {
      const due = addDays(new Date(from), policy.monitoringIntervalDays);
      const visit = visits[index];
      if (!visit && state.status === 'REVIEWED') break;
      add(
        'MONITORING_VISIT',
        from,
        due,
        visit,
        'Provincial policy: monitoring interval (no interval in D56 Art. 29)',
        'DAYS',
        {
          suffix: `#${index + 1}`,
        },
      );
      if (!visit) break;
      from = visit;
    }
  }
  return deadlines;
}

/**
 * Hours past due, to a tenth: how late a deadline was met, or how overdue it is at `now`; null otherwise (a
 * step recorded after its miss has no lateness of its own to show: its stated time is within the deadline).
 */
export function lateByHours(deadline: Deadline, now: Date): number | null {
  if (deadline.status !== 'MET_LATE' && deadline.status !== 'OVERDUE') return null;
  const until = deadline.status === 'MET_LATE' ? new Date(deadline.metAt ?? now) : now;
  return Math.round(((until.getTime() - Date.parse(deadline.dueAt)) / 3_600_000) * 10) / 10;
}

/**
 * Working days left to a working-day deadline, as the commune counts them: working days after today (in Viet
 * Nam) up to and including the due day; negative for the working days it is overdue. Null for deadlines
 * counted otherwise, and for those done.
 */
export function workingDaysLeft(deadline: Deadline, now: Date, calendar: WorkingCalendar): number | null {
  if (deadline.counting !== 'WORKING_DAYS' || (deadline.status !== 'OPEN' && deadline.status !== 'OVERDUE'))
    return null;
  const today = vietnamDate(now);
  const due = vietnamDate(new Date(deadline.dueAt));
  const [from, to, sign] = due >= today ? [today, due, 1] : [due, today, -1];
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (calendar.isWorkingDay(day)) count++;
  return sign * count;
}

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
