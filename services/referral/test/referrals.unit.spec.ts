import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import { describe, expect, it } from 'vitest';
import { derivedUuid, reactionsTo } from '../src/reactions.ts';
import {
  decideReferral,
  evolveReferrals,
  initialReferralsState,
  type ReferralCommand,
  ReferralHeld,
  ReferralNotFound,
  ReferralRuleViolation,
  ReferralStepNotPermitted,
  type ReferralsState,
} from '../src/referrals.ts';

const QUY_NHON = '21583';
const caseId = randomUUID();
const childId = randomUUID();
const referralId = randomUUID();
const now = new Date('2026-03-03T09:00:00+07:00');
const actor = (role: string, agency: Actor['agency'], userId = `${role}-1`, communeCode?: string): Actor => ({
  userId,
  agency,
  role,
  ...(communeCode ? { communeCode } : {}),
});
const officer = actor('commune_officer', 'commune', 'officer-1', QUY_NHON);
const lawyerA = actor('legal_aid_officer', 'legal_aid', 'lawyer-a');
const lawyerB = actor('legal_aid_officer', 'legal_aid', 'lawyer-b');
const system = actor('system', 'system', 'referral-worker');

const report = (formsOfHarm: string[] = ['VIOLENCE']): CaseEvent =>
  ({
    type: 'ReportReceived',
    data: {
      caseId,
      receivedAt: '2026-03-02T08:00:00+07:00',
      channel: 'HOTLINE_111',
      receivingAgency: 'commune',
      incidentCommuneCode: QUY_NHON,
      category: 'ABUSED',
      formsOfHarm,
      child: { childId, fullName: 'Rơ Châm Y Lan', estimatedAge: 10, sex: 'FEMALE' },
      relatives: [],
      narrative: 'Trẻ bị đánh.',
      reporter: { consentToRecordIdentity: false },
    },
  }) as CaseEvent;
const issue = (overrides: Record<string, unknown> = {}): ReferralCommand =>
  ({
    type: 'IssueReferral',
    data: {
      referralId,
      toAgency: 'legal_aid',
      reason: 'Tư vấn pháp lý cho gia đình.',
      urgency: 'URGENT',
      dueAt: '2026-03-05T17:00:00+07:00',
      sharingBasis: 'CONSENT',
      ...overrides,
    },
  }) as ReferralCommand;

/** The state after events, each with its writer; then a command decided by an actor at `now`. */
function given(...steps: Array<[CaseEvent, Actor]>): ReferralsState {
  return steps.reduce(
    (state, [event, writer]) => evolveReferrals(state, event, writer),
    initialReferralsState(),
  );
}
const decide = (state: ReferralsState, command: ReferralCommand, by: Actor, at = now) =>
  decideReferral(command, state, { now: at, actor: by, referralId });
/** Decides and folds the result in, as the store would. */
const step = (state: ReferralsState, command: ReferralCommand, by: Actor, at = now) =>
  decide(state, command, by, at).reduce((next, event) => evolveReferrals(next, event, by), state);

const reported = () => given([report(), officer]);
const issued = () => step(reported(), issue(), officer);
const claimed = () => step(issued(), { type: 'ClaimReferral', data: {} }, lawyerA);
const accepted = () => step(claimed(), { type: 'AcceptReferral', data: {} }, lawyerA);

describe('issuing a referral', () => {
  it('the case’s commune officer issues it: offered to the agency, with the child and the basis for sharing', () => {
    const events = decide(reported(), issue(), officer);
    expect(events).toEqual([
      {
        type: 'ReferralIssued',
        data: expect.objectContaining({
          referralId,
          childId,
          toAgency: 'legal_aid',
          source: 'OFFICER',
          sharingBasis: 'CONSENT',
        }),
      },
    ]);
    expect(issued().referrals[referralId]).toMatchObject({ status: 'OFFERED', toAgency: 'legal_aid' });
    expect(issued().caseState.involvedAgencies).toContain('legal_aid');
  });

  it('another commune, the hotline or a school may not; a missing or closed case, a past due date are refused', () => {
    expect(() => decide(reported(), issue(), actor('commune_officer', 'commune', 'x', '23575'))).toThrow(
      ReferralStepNotPermitted,
    );
    expect(() => decide(reported(), issue(), actor('hotline_operator', 'hotline'))).toThrow(
      ReferralStepNotPermitted,
    );
    expect(() => decide(reported(), issue(), actor('school_safety_officer', 'education'))).toThrow(
      ReferralStepNotPermitted,
    );
    expect(() => decide(initialReferralsState(), issue(), officer)).toThrow(ReferralNotFound);
    expect(() => decide(reported(), issue({ dueAt: '2026-03-01T17:00:00+07:00' }), officer)).toThrow(
      ReferralRuleViolation,
    );
    const closed = given(
      [report(), officer],
      [
        { type: 'CaseClosed', data: { closedAt: '2026-03-03T08:00:00+07:00', reason: 'OTHER' } } as CaseEvent,
        officer,
      ],
    );
    expect(() => decide(closed, issue(), officer)).toThrow(/closed case/);
  });

  it('issued again with the same id is a no-op; the same id for another agency is refused', () => {
    expect(decide(issued(), issue(), officer)).toEqual([]);
    expect(() => decide(issued(), issue({ toAgency: 'health' }), officer)).toThrow(ReferralRuleViolation);
  });

  it('a body cannot pretend a reaction issued it: an officer’s referral is always OFFICER', () => {
    expect(decide(reported(), issue({ source: 'SEXUAL_ABUSE_REPORT' }), officer)[0]?.data).toMatchObject({
      source: 'OFFICER',
    });
  });
});

describe('claiming: exactly one officer holds a referral', () => {
  it('an officer of the receiving agency claims it; a second officer is told who holds it', () => {
    expect(claimed().referrals[referralId]).toMatchObject({ status: 'CLAIMED', heldBy: 'lawyer-a' });
    const attempt = () => decide(claimed(), { type: 'ClaimReferral', data: {} }, lawyerB);
    expect(attempt).toThrow(ReferralHeld);
    expect(attempt).toThrow(/lawyer-a/);
    expect(decide(claimed(), { type: 'ClaimReferral', data: {} }, lawyerA)).toEqual([]);
  });

  it('another agency cannot claim it; a declined one cannot be claimed again', () => {
    expect(() =>
      decide(issued(), { type: 'ClaimReferral', data: {} }, actor('health_worker', 'health')),
    ).toThrow(ReferralStepNotPermitted);
    const declined = step(
      claimed(),
      { type: 'DeclineReferral', data: { reason: 'Ngoài phạm vi trợ giúp' } },
      lawyerA,
    );
    expect(declined.referrals[referralId]?.status).toBe('DECLINED');
    expect(() => decide(declined, { type: 'ClaimReferral', data: {} }, lawyerB)).toThrow(
      ReferralRuleViolation,
    );
  });

  it('addressed to a unit, only that unit’s officers claim it; the case learns the unit is involved', () => {
    const station = 'Trạm y tế phường Quy Nhơn';
    const toStation = step(reported(), issue({ toAgency: 'health', toUnit: station }), officer);
    expect(toStation.caseState.involvedParties).toContain(`health/${station}`);
    const hospital = {
      ...actor('health_worker', 'health', 'doctor-1'),
      unit: 'Bệnh viện Đa khoa tỉnh Gia Lai',
    };
    expect(() => decide(toStation, { type: 'ClaimReferral', data: {} }, hospital)).toThrow(
      /addressed to another unit/,
    );
    const nurse = { ...actor('health_worker', 'health', 'nurse-1'), unit: station };
    expect(decide(toStation, { type: 'ClaimReferral', data: {} }, nurse)).toMatchObject([
      { type: 'ReferralClaimed' },
    ]);
    // With no unit named, any of the agency's units claims it; the claimant's unit becomes a party.
    const unaddressed = step(reported(), issue({ toAgency: 'health' }), officer);
    expect(unaddressed.caseState.involvedParties).toContain('health/');
    const claimedByHospital = step(unaddressed, { type: 'ClaimReferral', data: {} }, hospital);
    expect(claimedByHospital.caseState.involvedParties).toContain('health/Bệnh viện Đa khoa tỉnh Gia Lai');
  });
});

describe('working a referral', () => {
  it('only the holder accepts, starts and completes it, in that order', () => {
    expect(() => decide(claimed(), { type: 'AcceptReferral', data: {} }, lawyerB)).toThrow(ReferralHeld);
    expect(() => decide(issued(), { type: 'AcceptReferral', data: {} }, lawyerA)).toThrow(/claim it first/);
    expect(() => decide(claimed(), { type: 'StartReferral', data: {} }, lawyerA)).toThrow(
      ReferralRuleViolation,
    );
    const started = step(accepted(), { type: 'StartReferral', data: {} }, lawyerA);
    const done = step(
      started,
      { type: 'CompleteReferral', data: { outcome: 'SERVICE_PROVIDED', summary: 'Đã tư vấn.' } },
      lawyerA,
    );
    expect(done.referrals[referralId]?.status).toBe('COMPLETED');
    expect(() =>
      decide(
        done,
        { type: 'CompleteReferral', data: { outcome: 'SERVICE_PROVIDED', summary: 'x' } },
        lawyerA,
      ),
    ).toThrow(ReferralRuleViolation);
    // Completing straight after accepting is allowed: starting is optional.
    expect(
      decide(
        accepted(),
        { type: 'CompleteReferral', data: { outcome: 'NOT_NEEDED', summary: 'Không cần.' } },
        lawyerA,
      )[0]?.type,
    ).toBe('ReferralCompleted');
  });

  it('the issuing commune withdraws an open referral; the receiving agency cannot', () => {
    expect(
      step(claimed(), { type: 'WithdrawReferral', data: { reason: 'Gia đình chuyển đi' } }, officer)
        .referrals[referralId]?.status,
    ).toBe('WITHDRAWN');
    expect(() => decide(claimed(), { type: 'WithdrawReferral', data: { reason: 'x' } }, lawyerA)).toThrow(
      ReferralStepNotPermitted,
    );
  });

  it('an unknown referral is 404', () => {
    expect(() =>
      decideReferral({ type: 'ClaimReferral', data: {} }, issued(), {
        now,
        actor: lawyerA,
        referralId: randomUUID(),
      }),
    ).toThrow(ReferralNotFound);
  });
});

describe('escalation', () => {
  const late = new Date('2026-03-06T09:00:00+07:00');
  it('an unanswered referral past due escalates once, to the provincial coordinator', () => {
    expect(decide(issued(), { type: 'EscalateReferral', data: {} }, system, late)).toEqual([
      {
        type: 'ReferralEscalated',
        data: {
          referralId,
          escalatedAt: late.toISOString(),
          dueAt: '2026-03-05T17:00:00+07:00',
          toRole: 'provincial_coordinator',
        },
      },
    ]);
    const escalated = step(issued(), { type: 'EscalateReferral', data: {} }, system, late);
    expect(decide(escalated, { type: 'EscalateReferral', data: {} }, system, late)).toEqual([]);
  });

  it('a reaction of the platform issued after its due time is issued all the same, and escalated at once', () => {
    const pastDue = issue({
      dueAt: '2026-03-02T20:00:00+07:00',
      toAgency: 'police',
      source: 'SEXUAL_ABUSE_REPORT',
    });
    const decided = decide(reported(), pastDue, system);
    expect(decided.map((event) => event.type)).toEqual(['ReferralIssued', 'ReferralEscalated']);
    expect(decided[1]?.data).toEqual({
      referralId,
      escalatedAt: now.toISOString(),
      dueAt: '2026-03-02T20:00:00+07:00',
      toRole: 'provincial_coordinator',
    });
    // A person who names a due time already past is refused, as before.
    expect(() => decide(reported(), pastDue, officer)).toThrow(ReferralRuleViolation);
  });

  it('not before it is due, not once accepted, and never by a person', () => {
    expect(decide(issued(), { type: 'EscalateReferral', data: {} }, system)).toEqual([]);
    expect(decide(accepted(), { type: 'EscalateReferral', data: {} }, system, late)).toEqual([]);
    expect(decide(claimed(), { type: 'EscalateReferral', data: {} }, system, late)).toHaveLength(1);
    expect(() => decide(issued(), { type: 'EscalateReferral', data: {} }, officer, late)).toThrow(
      ReferralStepNotPermitted,
    );
  });
});

describe('reactions', () => {
  it('a sexual-abuse report notifies the police, due within 12 hours, under a legal duty; the same event gives the same referral', () => {
    const trigger = {
      eventId: randomUUID(),
      caseId,
      type: 'SexualAbuseReported' as const,
      receivedAt: '2026-03-02T08:00:00+07:00',
    };
    const [command] = reactionsTo(trigger, reported().caseState);
    expect(command?.data).toMatchObject({
      toAgency: 'police',
      urgency: 'IMMEDIATE',
      dueAt: '2026-03-02T13:00:00.000Z',
      sharingBasis: 'LEGAL_DUTY',
      source: 'SEXUAL_ABUSE_REPORT',
      referralId: derivedUuid(trigger.eventId, 'police-notification'),
    });
    expect(reactionsTo(trigger, reported().caseState)).toEqual([command]);
  });

  it('an approved plan refers each task another agency carries out; a replaced plan refers nothing', () => {
    const planId = randomUUID();
    const task = (agency: string, dueDate: string, unit?: string) => ({
      taskId: randomUUID(),
      measure: 'MEDICAL_CARE',
      responsibleAgency: agency,
      ...(unit ? { responsibleUnit: unit } : {}),
      description: 'Nhiệm vụ',
      dueDate,
    });
    const tasks = [
      task('health', '2026-03-20', 'Trạm y tế phường Quy Nhơn'),
      task('commune', '2026-03-25'),
      task('legal_aid', '2026-03-31'),
    ];
    const planned = given(
      [report(), officer],
      [
        {
          type: 'SupportPlanDrafted',
          data: { childId, planId, draftedAt: '2026-03-05T10:00:00+07:00', summary: 'Kế hoạch', tasks },
        } as CaseEvent,
        officer,
      ],
      [
        {
          type: 'SupportPlanApproved',
          data: { planId, approvedAt: '2026-03-06T10:00:00+07:00', decisionNumber: '1/QĐ' },
        } as CaseEvent,
        actor('commune_chair', 'commune', 'chair', QUY_NHON),
      ],
    );
    const trigger = { eventId: randomUUID(), caseId, type: 'SupportPlanApproved' as const, planId };
    const commands = reactionsTo(trigger, planned.caseState);
    expect(
      commands.map((command) => [command.data.toAgency, command.data.dueAt, command.data.taskId]),
    ).toEqual([
      ['health', '2026-03-20T10:00:00.000Z', tasks[0]?.taskId],
      ['legal_aid', '2026-03-31T10:00:00.000Z', tasks[2]?.taskId],
    ]);
    // The task's unit is the referral's: the station it names is the one that answers it.
    expect(commands.map((command) => command.data.toUnit)).toEqual(['Trạm y tế phường Quy Nhơn', undefined]);
    expect(planned.caseState.involvedParties).toContain('health/Trạm y tế phường Quy Nhơn');
    expect(reactionsTo({ ...trigger, planId: randomUUID() }, planned.caseState)).toEqual([]);
  });
});
