/**
 * The legal deadlines of the Decree 56 process, as configuration. Every value the law leaves unclear is an
 * option here and a decision in docs/decisions/0009-legal-deadlines.md.
 */
export interface DeadlinePolicy {
  /** "Immediately" (D56 Art. 26(1)) as an auditable limit: hours to forward a report to the commune. */
  readonly forwardToCommuneHours: number;
  /** Initial assessment (Form 02); implicitly within the 12-hour emergency window [I]. */
  readonly initialAssessmentHours: number;
  /** Emergency intervention or temporary separation when the child is in serious danger (D56 Art. 26(3), 32). */
  readonly emergencyMeasuresHours: number;
  /** What the 12-hour clocks count from: receipt anywhere, or receipt at the commune. */
  readonly emergencyClockStartsAt: 'REPORT_RECEIVED' | 'AT_COMMUNE';
  /** Longest temporary separation without an extension by a competent authority (D56 Art. 32). */
  readonly separationMaxDays: number;
  /** Support and intervention plan (Form 04): working days (D56 Art. 28). */
  readonly supportPlanDraftWorkingDays: number;
  /** When the 5-working-day clock starts: not stated in the sources [U]. */
  readonly supportPlanClockStartsAt: 'AT_COMMUNE' | 'INITIAL_ASSESSMENT' | 'DETAILED_ASSESSMENT';
  /** The chair's approval (Form 05): the 7-working-day procedure less the 5 for drafting [I]. */
  readonly supportPlanApprovalWorkingDays: number;
  /** Days between monitoring visits while a plan runs: no interval in the law [U]; a provincial policy. */
  readonly monitoringIntervalDays: number;
}

export const defaultDeadlinePolicy: DeadlinePolicy = {
  forwardToCommuneHours: 24,
  initialAssessmentHours: 12,
  emergencyMeasuresHours: 12,
  emergencyClockStartsAt: 'AT_COMMUNE',
  separationMaxDays: 15,
  supportPlanDraftWorkingDays: 5,
  supportPlanClockStartsAt: 'AT_COMMUNE',
  supportPlanApprovalWorkingDays: 2,
  monitoringIntervalDays: 30,
};
