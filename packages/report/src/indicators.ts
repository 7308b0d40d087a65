import { eventLeaf, subtreeRoot } from '@chungtay/audit';
import { WorkingCalendar } from '@chungtay/calendar';
import {
  type ChildState,
  deadlinesOf,
  defaultDeadlinePolicy,
  evolveChild,
  initialChildState,
} from '@chungtay/case';
import type { ChildEvent } from '@chungtay/contracts';
import {
  type EventStore,
  formatPosition,
  type GlobalPosition,
  isSealed,
  type RecordedEvent,
  START,
} from '@chungtay/event-store';
import { CaseFolds, readLog } from './case-folds.ts';

/** The period of a report, [from, to), by the moments the events state (a report's `receivedAt`, …). */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

export type Counts = Readonly<Record<string, number>>;

/** Deadlines due in the period, by outcome. */
export interface DeadlineShare {
  readonly met: number;
  readonly metLate: number;
  /** Done in time by the stated time, but recorded after the miss was: never counted as met (decision 0040). */
  readonly recordedLate: number;
  readonly overdue: number;
}

/** One commune's (or the province's) figures. */
export interface Figures {
  readonly reportsReceived: number;
  readonly reportsByChannel: Counts;
  readonly casesByFormOfHarm: Counts;
  readonly casesByCategory: Counts;
  readonly casesWithSupportOrIntervention: number;
  readonly deadlines: Readonly<Record<string, DeadlineShare>>;
  readonly referralsIssued: number;
}

export interface AgencyFigures {
  readonly referralsReceived: number;
  readonly referralsByStatus: Counts;
  readonly referralOutcomes: Counts;
  readonly escalated: number;
  /** Events the agency wrote on case timelines in the period. */
  readonly eventsRecorded: number;
}

export interface ChildFigures {
  readonly children: number;
  readonly bySex: Counts;
  readonly byAgeBand: Counts;
  readonly byEthnicity: Counts;
  readonly bySpecialCircumstance: Counts;
  /** Children in a special-circumstance group, and those of them with support recorded (target > 98%). */
  readonly inSpecialCircumstances: number;
  readonly inSpecialCircumstancesSupported: number;
  readonly underFive: number;
  readonly underFiveBirthRegistered: number;
}

export interface YearlyReport {
  readonly period: ReportPeriod;
  /** The log prefix it was computed from: anyone recomputes exactly this report from the same prefix. */
  readonly pinnedTo: { readonly logSize: number; readonly root: string; readonly lastPosition: string };
  /**
   * The instant deadlines are judged at: the period's end, or, while the period runs, the time the last
   * event of the prefix was recorded (or the `asOf` asked for). Never the wall clock: the same prefix and
   * options give the same report, byte for byte (decision 0041).
   */
  readonly judgedAt: string;
  /** Set when the caller named the instant (`--as-of`); the recompute command repeats it. */
  readonly asOf?: string;
  readonly province: Figures;
  readonly communes: Readonly<Record<string, Figures>>;
  readonly agencies: Readonly<Record<string, AgencyFigures>>;
  readonly children: ChildFigures;
  /** Personal fields that were sealed (no key given): ethnicity and birth dates then count as unknown. */
  readonly sealedFieldsSeen: number;
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

const emptyFigures = () => ({
  reportsReceived: 0,
  reportsByChannel: {} as Record<string, number>,
  casesByFormOfHarm: {} as Record<string, number>,
  casesByCategory: {} as Record<string, number>,
  casesWithSupportOrIntervention: 0,
  deadlines: {} as Record<string, { met: number; metLate: number; recordedLate: number; overdue: number }>,
  referralsIssued: 0,
});
type MutableFigures = ReturnType<typeof emptyFigures>;

export const ageBands = ['0–5', '6–10', '11–15', '16–17', 'unknown'] as const;
const ageBand = (age: number | undefined) =>
  age === undefined ? 'unknown' : age <= 5 ? '0–5' : age <= 10 ? '6–10' : age <= 15 ? '11–15' : '16–17';

const SUPPORT_EVENTS = new Set([
  'EmergencyInterventionTaken',
  'TemporarySeparationDecided',
  'SupportPlanApproved',
  'InterventionTaskCompleted',
  'LegalAdviceGiven',
  'LegalRepresentationProvided',
  'MedicalExaminationRecorded',
  'PsychologicalSupportSessionRecorded',
  'RehabilitationRecorded',
  'SchoolSafetyPlanAgreed',
  'ReintegrationSupportRecorded',
  'ReferralCompleted',
]);

/** What the report adds to a folded case. */
interface CaseExtras {
  channel?: string;
  supported: boolean;
  childAge?: number;
  /** Each completed referral's outcome (the fold keeps the status; the outcome is the event's). */
  outcomes: Record<string, string>;
}

interface ChildTrack {
  state: ChildState;
  ethnicity?: string;
  birthDate?: string;
}

/**
 * Builds the yearly report from the global log, one event at a time in log order, with the services' own
 * folds (the case and referral evolve, the child evolve) and the case service's deadline rules. Pure over
 * the events it is given: the same prefix gives the same report.
 */
export class ReportBuilder {
  private readonly folds = new CaseFolds();
  private readonly extras = new Map<string, CaseExtras>();
  private readonly children = new Map<string, ChildTrack>();
  private readonly agencyEvents: Record<string, number> = {};
  private readonly leaves: Buffer[] = [];
  private lastPosition: GlobalPosition = START;
  private lastRecordedAt: Date | undefined;
  private sealed = 0;
  private readonly from: number;
  private readonly to: number;

  constructor(private readonly period: ReportPeriod) {
    this.from = Date.parse(period.from);
    this.to = Date.parse(period.to);
    if (!(this.from < this.to)) throw new RangeError('the period must end after it starts');
  }

  private inPeriod(instant: string | undefined): boolean {
    if (!instant) return false;
    const time = Date.parse(instant);
    return time >= this.from && time < this.to;
  }

  add(event: RecordedEvent): void {
    this.leaves.push(eventLeaf(event));
    this.lastPosition = event.position;
    if (!this.lastRecordedAt || event.recordedAt > this.lastRecordedAt)
      this.lastRecordedAt = event.recordedAt;
    const data = event.data as Record<string, unknown>;
    const folded = this.folds.add(event);
    if (folded) {
      const { caseId, event: caseEvent, actor, at } = folded;
      const inPeriod = this.inPeriod(at);
      const extras = this.extras.get(caseId) ?? { supported: false, outcomes: {} };
      if (caseEvent.type === 'ReportReceived') {
        extras.channel = caseEvent.data.channel;
        extras.childAge = caseEvent.data.child.estimatedAge;
      }
      if (caseEvent.type === 'ReferralCompleted')
        extras.outcomes[caseEvent.data.referralId] = caseEvent.data.outcome;
      if (inPeriod && SUPPORT_EVENTS.has(event.type)) extras.supported = true;
      if (inPeriod && actor.agency !== 'system') bump(this.agencyEvents, actor.agency);
      this.extras.set(caseId, extras);
    } else if (event.streamId.startsWith('child-')) {
      const track = this.children.get(event.streamId) ?? { state: initialChildState() };
      track.state = evolveChild(track.state, { type: event.type, data } as unknown as ChildEvent);
      if (event.type === 'ChildRegistered' || event.type === 'ChildDetailsCorrected') {
        if (isSealed(data.ethnicity) || isSealed(data.birthDate)) this.sealed++;
        if (typeof data.ethnicity === 'string') track.ethnicity = data.ethnicity;
        if (typeof data.birthDate === 'string') track.birthDate = data.birthDate;
      }
      this.children.set(event.streamId, track);
    }
  }

  finish(asOf?: Date): YearlyReport {
    // Deadlines are judged at the end of the period, or at the prefix's own last moment if it has not ended.
    const judgedAt = new Date(
      Math.min(this.to, (asOf ?? this.lastRecordedAt ?? new Date(this.from)).getTime()),
    );
    const calendar = WorkingCalendar.default();
    const province = emptyFigures();
    const communes: Record<string, MutableFigures> = {};
    const agencies: Record<
      string,
      {
        referralsReceived: number;
        referralsByStatus: Record<string, number>;
        referralOutcomes: Record<string, number>;
        escalated: number;
        eventsRecorded: number;
      }
    > = {};
    const agency = (name: string) => {
      agencies[name] ??= {
        referralsReceived: 0,
        referralsByStatus: {},
        referralOutcomes: {},
        escalated: 0,
        eventsRecorded: this.agencyEvents[name] ?? 0,
      };
      return agencies[name];
    };
    for (const name of Object.keys(this.agencyEvents)) agency(name);
    const childAgesFromCases = new Map<string, number>();
    for (const [caseId, folded] of this.folds.cases) {
      const track = this.extras.get(caseId) ?? { supported: false, outcomes: {} };
      const state = folded.state.caseState;
      if (state.childId && track.childAge !== undefined)
        childAgesFromCases.set(state.childId, track.childAge);
      if (!this.inPeriod(state.receivedAt) || !state.communeCode) continue;
      const commune = communes[state.communeCode] ?? emptyFigures();
      communes[state.communeCode] = commune;
      for (const figures of [province, commune]) {
        figures.reportsReceived++;
        bump(figures.reportsByChannel, track.channel ?? 'UNKNOWN');
        for (const form of state.formsOfHarm) bump(figures.casesByFormOfHarm, form);
        bump(figures.casesByCategory, state.category ?? 'UNKNOWN');
        if (track.supported) figures.casesWithSupportOrIntervention++;
      }
      for (const deadline of deadlinesOf(state, judgedAt, defaultDeadlinePolicy, calendar)) {
        if (deadline.status === 'OPEN') continue;
        const key = (
          { MET: 'met', MET_LATE: 'metLate', RECORDED_LATE: 'recordedLate', OVERDUE: 'overdue' } as const
        )[deadline.status];
        for (const figures of [province, commune]) {
          const share = figures.deadlines[deadline.kind] ?? {
            met: 0,
            metLate: 0,
            recordedLate: 0,
            overdue: 0,
          };
          share[key]++;
          figures.deadlines[deadline.kind] = share;
        }
      }
      for (const referral of Object.values(folded.state.referrals)) {
        province.referralsIssued++;
        commune.referralsIssued++;
        const receiving = agency(referral.toAgency);
        receiving.referralsReceived++;
        bump(receiving.referralsByStatus, referral.status);
        const outcome = track.outcomes[referral.referralId];
        if (outcome) bump(receiving.referralOutcomes, outcome);
        if (referral.escalated) receiving.escalated++;
      }
    }
    const children = {
      children: 0,
      bySex: {} as Record<string, number>,
      byAgeBand: {} as Record<string, number>,
      byEthnicity: {} as Record<string, number>,
      bySpecialCircumstance: {} as Record<string, number>,
      inSpecialCircumstances: 0,
      inSpecialCircumstancesSupported: 0,
      underFive: 0,
      underFiveBirthRegistered: 0,
    };
    const yearOfJudgement = judgedAt.getUTCFullYear();
    for (const track of this.children.values()) {
      const state = track.state;
      if (!state.exists) continue;
      children.children++;
      bump(children.bySex, state.sex ?? 'UNKNOWN');
      const age = track.birthDate
        ? Math.floor((judgedAt.getTime() - Date.parse(track.birthDate)) / (365.25 * 86_400_000))
        : state.birthYear !== undefined
          ? yearOfJudgement - state.birthYear
          : childAgesFromCases.get(state.childId ?? '');
      bump(children.byAgeBand, ageBand(age));
      bump(children.byEthnicity, track.ethnicity ?? 'UNKNOWN');
      for (const group of state.specialCircumstances) bump(children.bySpecialCircumstance, group);
      if (state.specialCircumstances.length > 0) {
        children.inSpecialCircumstances++;
        if (state.supportRecorded > 0 || state.cases.length > 0) children.inSpecialCircumstancesSupported++;
      }
      if (age !== undefined && age < 5) {
        children.underFive++;
        if (state.birthRegistration === 'REGISTERED') children.underFiveBirthRegistered++;
      }
    }
    return {
      period: this.period,
      pinnedTo: {
        logSize: this.leaves.length,
        root: subtreeRoot(this.leaves).toString('hex'),
        lastPosition: formatPosition(this.lastPosition),
      },
      judgedAt: judgedAt.toISOString(),
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
      province,
      communes,
      agencies,
      children,
      sealedFieldsSeen: this.sealed,
    };
  }
}

/**
 * Reads the global log in order — all of it, or its first `upTo` events (a pinned report) — and builds the
 * report. `onProgress` hears the count of events read.
 */
export async function buildYearlyReport(
  store: EventStore,
  period: ReportPeriod,
  options: {
    readonly upTo?: number;
    readonly onProgress?: (read: number) => void;
    readonly asOf?: Date;
  } = {},
): Promise<YearlyReport> {
  const builder = new ReportBuilder(period);
  await readLog(store, (event) => builder.add(event), options);
  return builder.finish(options.asOf);
}
