import type { CaseEvent } from '@chungtay/contracts';
import { describe, expect, it } from 'vitest';
import {
  type CaseState,
  type Deadline,
  deadlinesOf,
  defaultDeadlinePolicy,
  evolve,
  initialCaseState,
  lateByHours,
  monitoringVisitsOf,
  StepNotPermitted,
  workingDaysLeft,
} from '../src/index.ts';
import {
  actor,
  at,
  calendar,
  context,
  detailedAssessed,
  forwarded,
  ids,
  inImplementation,
  initiallyAssessed,
  planDrafted,
  reported,
  spec,
  system,
} from './fixtures.ts';

const deadlines = (events: CaseEvent[], now: string, policy = defaultDeadlinePolicy) =>
  deadlinesOf(spec.given(events).state, new Date(`${now}+07:00`), policy, calendar);
const find = (list: Deadline[], kind: Deadline['kind']) => list.find((deadline) => deadline.kind === kind);

describe('legal deadlines, computed from events', () => {
  it('gives a forwarded report 24 hours, met when forwarded', () => {
    expect(find(deadlines([reported()], '2026-03-02T09:00:00'), 'FORWARD_TO_COMMUNE')).toMatchObject({
      dueAt: at('2026-03-03T08:00:00'),
      status: 'OPEN',
    });
    expect(
      find(deadlines([reported(), forwarded], '2026-03-02T09:30:00'), 'FORWARD_TO_COMMUNE')?.status,
    ).toBe('MET');
    expect(
      find(deadlines([reported('commune')], '2026-03-02T09:30:00'), 'FORWARD_TO_COMMUNE'),
    ).toBeUndefined();
  });

  it('counts the 12-hour initial assessment from arrival at the commune', () => {
    const assessment = find(deadlines([reported(), forwarded], '2026-03-02T22:00:00'), 'INITIAL_ASSESSMENT');
    expect(assessment).toMatchObject({
      startedAt: at('2026-03-02T09:00:00'),
      dueAt: at('2026-03-02T21:00:00'),
      status: 'OVERDUE',
    });
    const fromReceipt = { ...defaultDeadlinePolicy, emergencyClockStartsAt: 'REPORT_RECEIVED' as const };
    expect(
      find(deadlines([reported(), forwarded], '2026-03-02T10:00:00', fromReceipt), 'INITIAL_ASSESSMENT')
        ?.dueAt,
    ).toBe(at('2026-03-02T20:00:00'));
  });

  it('sets emergency measures due within 12 hours only for a child in serious danger', () => {
    expect(
      find(
        deadlines([reported(), forwarded, initiallyAssessed(false)], '2026-03-03T10:00:00'),
        'EMERGENCY_MEASURES',
      ),
    ).toBeUndefined();
    expect(
      find(
        deadlines([reported(), forwarded, initiallyAssessed(true)], '2026-03-03T10:00:00'),
        'EMERGENCY_MEASURES',
      ),
    ).toMatchObject({
      dueAt: at('2026-03-02T21:00:00'),
      status: 'OVERDUE',
    });
  });

  it('gives the plan 5 working days, across a weekend', () => {
    // At the commune Monday 2 March: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9.
    expect(
      find(deadlines([reported(), forwarded], '2026-03-03T10:00:00'), 'SUPPORT_PLAN_DRAFT'),
    ).toMatchObject({
      dueAt: at('2026-03-09T23:59:59.999'),
      calendarComplete: true,
    });
    expect(
      find(
        deadlines(
          [reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted],
          '2026-03-05T11:00:00',
        ),
        'SUPPORT_PLAN_DRAFT',
      )?.status,
    ).toBe('MET');
  });

  it('gives the plan 5 working days across a weekend and the 30 April – 1 May holidays', () => {
    const lateApril: CaseEvent = {
      type: 'ReportReceived',
      data: { ...(reported('commune').data as object), receivedAt: at('2026-04-29T15:00:00') } as never,
    };
    // Thu 30/4 and Fri 1/5 are holidays, 2–3/5 the weekend: Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 May.
    expect(find(deadlines([lateApril], '2026-04-29T16:00:00'), 'SUPPORT_PLAN_DRAFT')?.dueAt).toBe(
      at('2026-05-08T23:59:59.999'),
    );
  });

  it('gives the chair 2 working days to approve; the start point of the plan clock is configurable', () => {
    expect(
      find(
        deadlines(
          [reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted],
          '2026-03-05T11:00:00',
        ),
        'SUPPORT_PLAN_APPROVAL',
      )?.dueAt,
    ).toBe(at('2026-03-09T23:59:59.999'));
    const fromDetailed = {
      ...defaultDeadlinePolicy,
      supportPlanClockStartsAt: 'DETAILED_ASSESSMENT' as const,
    };
    expect(
      find(
        deadlines(
          [reported(), forwarded, initiallyAssessed(), detailedAssessed],
          '2026-03-05T11:00:00',
          fromDetailed,
        ),
        'SUPPORT_PLAN_DRAFT',
      )?.dueAt,
    ).toBe(at('2026-03-11T23:59:59.999'));
  });

  it('holds a separation to its end date, and a monitoring visit to the interval', () => {
    const separated: CaseEvent = {
      type: 'TemporarySeparationDecided',
      data: {
        childId: ids.childId,
        decidedAt: at('2026-03-02T16:00:00'),
        until: at('2026-03-17T16:00:00'),
        placement: 'SAFE_SHELTER',
      },
    };
    expect(
      find(
        deadlines([reported(), forwarded, initiallyAssessed(true), separated], '2026-03-18T09:00:00'),
        'SEPARATION_LIMIT',
      ),
    ).toMatchObject({
      id: 'SEPARATION_LIMIT:1#1',
      status: 'OVERDUE',
    });
    expect(find(deadlines(inImplementation, '2026-04-06T10:00:00'), 'MONITORING_VISIT')).toMatchObject({
      dueAt: at('2026-04-05T10:00:00'),
      status: 'OVERDUE',
    });
  });
});

describe('monitoring visits, however many', () => {
  it('judges each visit against the one before, and every earlier state keeps the visits it had', () => {
    // Forty visits cross the chunks the state shares between one visit and the next.
    const visits: CaseEvent[] = Array.from({ length: 40 }, (_, day) => ({
      type: 'MonitoringVisitRecorded',
      data: {
        childId: ids.childId,
        visitedAt: new Date(Date.parse(at('2026-03-07T10:00:00')) + day * 86_400_000).toISOString(),
        childSituation: 'STABLE',
        notes: `Lần thăm ${day + 1}`,
      },
    }));
    const states: CaseState[] = [];
    let state = inImplementation.reduce(
      (folded, event) => evolve(folded, event, 'commune'),
      initialCaseState(),
    );
    for (const visit of visits) {
      state = evolve(state, visit, 'commune');
      states.push(state);
    }
    for (const [index, earlier] of states.entries()) {
      expect(monitoringVisitsOf(earlier)).toEqual(
        visits.slice(0, index + 1).map((visit) => (visit.data as { visitedAt: string }).visitedAt),
      );
    }
    const judged = deadlinesOf(
      state,
      new Date(at('2026-04-17T10:00:00')),
      defaultDeadlinePolicy,
      calendar,
    ).filter((deadline) => deadline.kind === 'MONITORING_VISIT');
    expect(judged).toHaveLength(41);
    expect(judged.slice(0, 40).every((deadline) => deadline.status === 'MET')).toBe(true);
    expect(judged[40]).toMatchObject({ status: 'OPEN', id: expect.stringMatching(/#41$/) });
  });
});

describe('the deadline watcher records each missed deadline exactly once', () => {
  const overdue = [reported(), forwarded, initiallyAssessed(true)];
  const command = { type: 'RecordMissedDeadline' as const, data: { deadlineId: 'EMERGENCY_MEASURES:1' } };

  it('records an overdue deadline', () => {
    spec
      .given(overdue)
      .when(command, context(system, '2026-03-03T10:00:00'))
      .then([
        {
          type: 'DeadlineMissed',
          data: {
            deadlineId: 'EMERGENCY_MEASURES:1',
            kind: 'EMERGENCY_MEASURES',
            dueAt: at('2026-03-02T21:00:00'),
            detectedAt: at('2026-03-03T10:00:00'),
          },
        },
      ]);
  });

  it('records nothing the second time, nothing before it is due, nothing for an unknown deadline', () => {
    const recorded = spec.given(overdue).when(command, context(system, '2026-03-03T10:00:00')).events();
    spec
      .given([...overdue, ...recorded])
      .when(command, context(system, '2026-03-03T11:00:00'))
      .then([]);
    spec.given(overdue).when(command, context(system, '2026-03-02T20:00:00')).then([]);
    spec
      .given(overdue)
      .when(
        { type: 'RecordMissedDeadline', data: { deadlineId: 'NOPE:1' } },
        context(system, '2026-03-03T10:00:00'),
      )
      .then([]);
  });

  it('a step recorded after its miss, stated as done in time, is RECORDED_LATE: never met in time (issue 17, item 6)', () => {
    const missed = spec.given(overdue).when(command, context(system, '2026-03-03T10:00:00')).events();
    // Months later someone records the emergency intervention as taken before the deadline.
    const backdated: CaseEvent = {
      type: 'EmergencyInterventionTaken',
      data: { childId: ids.childId, takenAt: at('2026-03-02T15:00:00'), actions: ['MOVED_TO_SAFETY'] },
    };
    const judged = find(
      deadlines([...overdue, ...missed, backdated], '2026-06-01T10:00:00'),
      'EMERGENCY_MEASURES',
    );
    expect(judged).toMatchObject({
      status: 'RECORDED_LATE',
      missRecorded: true,
      metAt: at('2026-03-02T15:00:00'),
    });
    expect(judged && lateByHours(judged, new Date())).toBeNull();
    // The same step recorded before any miss was: met.
    expect(
      find(deadlines([...overdue, backdated], '2026-06-01T10:00:00'), 'EMERGENCY_MEASURES')?.status,
    ).toBe('MET');
    // Stated after the deadline, after the miss: met late, by how much.
    const late = {
      ...backdated,
      data: { ...backdated.data, takenAt: at('2026-03-03T11:00:00') },
    } as CaseEvent;
    const metLate = find(
      deadlines([...overdue, ...missed, late], '2026-06-01T10:00:00'),
      'EMERGENCY_MEASURES',
    );
    expect(metLate?.status).toBe('MET_LATE');
    expect(metLate && lateByHours(metLate, new Date())).toBe(14);
  });

  it('is only for the watcher', () => {
    spec
      .given(overdue)
      .when(command, context(actor('commune_officer'), '2026-03-03T10:00:00'))
      .thenThrows(StepNotPermitted);
  });
});

describe('working days left, as the commune counts them', () => {
  const due = (dueAt: string, status: Deadline['status'] = 'OPEN'): Deadline => ({
    id: 'SUPPORT_PLAN_DRAFT:1',
    kind: 'SUPPORT_PLAN_DRAFT',
    startedAt: '2026-01-01T00:00:00+07:00',
    dueAt,
    status,
    missRecorded: false,
    calendarComplete: true,
    counting: 'WORKING_DAYS',
    basis: 'D56 Art. 28',
  });
  const left = (dueAt: string, now: string, status?: Deadline['status']) =>
    workingDaysLeft(due(dueAt, status), new Date(now), calendar);

  it('counts the working days after today up to the due day, weekends and the 2026 holidays left out', () => {
    expect(left('2026-03-06T17:00:00+07:00', '2026-03-02T10:00:00+07:00')).toBe(4);
    expect(left('2026-03-10T17:00:00+07:00', '2026-03-06T10:00:00+07:00')).toBe(2);
    // Tết Nguyên đán: 16–20 February 2026 off, then the weekend.
    expect(left('2026-02-23T17:00:00+07:00', '2026-02-13T10:00:00+07:00')).toBe(1);
    // Saturday 10 January 2026 is worked, in exchange for Friday 2 January.
    expect(left('2026-01-12T17:00:00+07:00', '2026-01-09T10:00:00+07:00')).toBe(2);
    expect(left('2026-03-06T17:00:00+07:00', '2026-03-06T08:00:00+07:00')).toBe(0);
  });

  it('is negative once overdue, and says nothing of deadlines done or counted in hours', () => {
    expect(left('2026-03-06T17:00:00+07:00', '2026-03-09T10:00:00+07:00', 'OVERDUE')).toBe(-1);
    expect(left('2026-03-06T17:00:00+07:00', '2026-03-02T10:00:00+07:00', 'MET')).toBeNull();
    expect(
      workingDaysLeft(
        { ...due('2026-03-06T17:00:00+07:00'), counting: 'HOURS' },
        new Date('2026-03-02T10:00:00+07:00'),
        calendar,
      ),
    ).toBeNull();
  });
});
