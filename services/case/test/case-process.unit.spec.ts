import { describe, expect, it } from 'vitest';
import { CaseNotFound, CaseRuleViolation, deadlinesOf, StepNotPermitted } from '../src/index.ts';
import {
  actor,
  at,
  COMMUNE,
  context,
  detailedAssessed,
  forwarded,
  ids,
  inImplementation,
  initiallyAssessed,
  OTHER_COMMUNE,
  planApproved,
  planDrafted,
  reportData,
  reported,
  reviewed,
  spec,
  system,
} from './fixtures.ts';

describe('report received (Form 01, D56 Art. 25)', () => {
  it('records the report, the receiving agency taken from the caller, not the request', () => {
    spec
      .given([])
      .when({ type: 'ReceiveReport', data: reportData() }, context(actor('hotline_operator', undefined)))
      .then([reported('hotline')]);
  });

  it('puts a report received at the commune straight at the commune; from elsewhere it waits to be forwarded', () => {
    expect(spec.given([reported('commune')]).state.status).toBe('AT_COMMUNE');
    expect(spec.given([reported('hotline')]).state.status).toBe('REPORTED');
  });

  it.each(['legal_aid_officer', 'school_safety_officer', 'auditor'] as const)(
    'is not a receiving point: %s',
    (role) => {
      spec
        .given([])
        .when({ type: 'ReceiveReport', data: reportData() }, context(actor(role)))
        .thenThrows(StepNotPermitted);
    },
  );

  it('refuses a second report on the same case', () => {
    spec
      .given([reported()])
      .when({ type: 'ReceiveReport', data: reportData() }, context(actor('hotline_operator')))
      .thenThrows(CaseRuleViolation, { rule: 'case_exists' });
  });

  it.each([
    [{ formsOfHarm: [] }, 'harm_required', 'formsOfHarm'],
    [{ sexualAbuseKinds: ['MOLESTATION' as const] }, 'sexual_abuse_kind_without_form', 'sexualAbuseKinds'],
    [{ receivedAt: at('2026-03-02T12:00:00') }, 'time_in_future', 'receivedAt'],
    [{ child: { childId: ids.childId, sex: 'MALE' as const } }, 'age_required', 'child.estimatedAge'],
  ])('refuses an incomplete Form 01 (%o) naming the field', (overrides, rule, field) => {
    spec
      .given([])
      .when({ type: 'ReceiveReport', data: reportData(overrides) }, context(actor('hotline_operator')))
      .thenThrows(CaseRuleViolation, { rule, field });
  });

  it('refuses any other step on a case that does not exist', () => {
    spec
      .given([])
      .when({ type: 'ForwardToCommune', data: forwarded.data as never }, context(actor('hotline_operator')))
      .thenThrows(CaseNotFound);
  });
});

describe('forwarding and the initial assessment (Form 02, D56 Art. 26)', () => {
  it('forwards to the commune, which then assesses', () => {
    spec
      .given([reported()])
      .when({ type: 'ForwardToCommune', data: forwarded.data as never }, context(actor('hotline_operator')))
      .then([forwarded]);
    const { childId: _child, ...assessment } = initiallyAssessed().data as { childId: string };
    spec
      .given([reported(), forwarded])
      .when(
        { type: 'CompleteInitialAssessment', data: assessment as never },
        context(actor('commune_officer'), '2026-03-02T15:00:00'),
      )
      .then([initiallyAssessed()]);
  });

  it('lets only the officer of the case’s commune assess', () => {
    const { childId: _child, ...assessment } = initiallyAssessed().data as { childId: string };
    const when = (role: 'commune_officer' | 'commune_chair', commune: string) =>
      spec
        .given([reported(), forwarded])
        .when(
          { type: 'CompleteInitialAssessment', data: assessment as never },
          context(actor(role, commune), '2026-03-02T15:00:00'),
        );
    when('commune_officer', OTHER_COMMUNE).thenThrows(StepNotPermitted, /commune/);
    when('commune_chair', COMMUNE).thenThrows(StepNotPermitted, /commune_chair/);
  });

  it('refuses an assessment before the case reached the commune, and one dated before it did', () => {
    const { childId: _child, ...assessment } = initiallyAssessed().data as { childId: string };
    spec
      .given([reported()])
      .when(
        { type: 'CompleteInitialAssessment', data: assessment as never },
        context(actor('commune_officer')),
      )
      .thenThrows(CaseRuleViolation, { rule: 'step_out_of_order' });
    spec
      .given([reported(), forwarded])
      .when(
        {
          type: 'CompleteInitialAssessment',
          data: { ...assessment, assessedAt: at('2026-03-02T08:30:00') } as never,
        },
        context(actor('commune_officer')),
      )
      .thenThrows(CaseRuleViolation, { rule: 'time_before_previous_step', field: 'assessedAt' });
  });

  it('requires an emergency measure when the child is in serious danger', () => {
    const { childId: _child, ...assessment } = initiallyAssessed(true).data as { childId: string };
    spec
      .given([reported(), forwarded])
      .when(
        { type: 'CompleteInitialAssessment', data: { ...assessment, emergencyMeasure: 'NONE' } as never },
        context(actor('commune_officer'), '2026-03-02T15:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'emergency_measure_required', field: 'emergencyMeasure' });
  });
});

describe('emergency measures and temporary separation (D56 Art. 31, 32)', () => {
  const separation = (days: number) => ({
    decidedAt: at('2026-03-02T16:00:00'),
    until: new Date(Date.parse(at('2026-03-02T16:00:00')) + days * 86_400_000).toISOString(),
    placement: 'SAFE_SHELTER' as const,
  });

  it('lets the chair separate for at most 15 days', () => {
    spec
      .given([reported(), forwarded, initiallyAssessed(true)])
      .when(
        { type: 'DecideTemporarySeparation', data: separation(15) },
        context(actor('commune_chair'), '2026-03-02T17:00:00'),
      )
      .then([{ type: 'TemporarySeparationDecided', data: { ...separation(15), childId: ids.childId } }]);
    spec
      .given([reported(), forwarded, initiallyAssessed(true)])
      .when(
        { type: 'DecideTemporarySeparation', data: separation(16) },
        context(actor('commune_chair'), '2026-03-02T17:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'separation_too_long', field: 'until' });
  });

  it('extends a separation only to a later date, and only one that is active', () => {
    const separated = [
      reported(),
      forwarded,
      initiallyAssessed(true),
      { type: 'TemporarySeparationDecided' as const, data: { ...separation(15), childId: ids.childId } },
    ];
    const extension = {
      extendedAt: at('2026-03-15T09:00:00'),
      until: at('2026-04-01T09:00:00'),
      competentAuthority: 'Tòa án nhân dân khu vực 1 Gia Lai',
      decisionReference: '02/2026/QĐ-TA',
    };
    spec
      .given(separated)
      .when(
        { type: 'ExtendSeparation', data: extension },
        context(actor('commune_chair'), '2026-03-15T10:00:00'),
      )
      .then([{ type: 'SeparationExtended', data: extension }]);
    spec
      .given(separated)
      .when(
        { type: 'ExtendSeparation', data: { ...extension, until: at('2026-03-10T09:00:00') } },
        context(actor('commune_chair'), '2026-03-15T10:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'extension_not_later' });
    spec
      .given(separated)
      .when(
        { type: 'DecideTemporarySeparation', data: separation(5) },
        context(actor('commune_chair'), '2026-03-03T10:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'separation_active' });
    spec
      .given([reported(), forwarded])
      .when(
        { type: 'ExtendSeparation', data: extension },
        context(actor('commune_chair'), '2026-03-15T10:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'no_active_separation' });
  });

  it('lets police record an emergency intervention on an open case', () => {
    const data = { takenAt: at('2026-03-02T09:30:00'), actions: ['POLICE_STOPPED_HARM' as const] };
    spec
      .given([reported()])
      .when({ type: 'RecordEmergencyIntervention', data }, context(actor('police_investigator', undefined)))
      .then([{ type: 'EmergencyInterventionTaken', data: { ...data, childId: ids.childId } }]);
  });
});

describe('detailed assessment, plan and approval (Forms 03–05, D56 Art. 27, 28)', () => {
  const { childId: _c, ...plan } = planDrafted.data as { childId: string };

  it('drafts a plan after the detailed assessment and has the chair approve it', () => {
    spec
      .given([reported(), forwarded, initiallyAssessed(), detailedAssessed])
      .when(
        { type: 'DraftSupportPlan', data: plan as never },
        context(actor('commune_officer'), '2026-03-05T11:00:00'),
      )
      .then([planDrafted]);
    spec
      .given([reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted])
      .when(
        { type: 'ApproveSupportPlan', data: planApproved.data as never },
        context(actor('commune_chair'), '2026-03-06T11:00:00'),
      )
      .then([planApproved]);
  });

  it('refuses a plan before the detailed assessment, and an approval by anyone but the chair', () => {
    spec
      .given([reported(), forwarded, initiallyAssessed()])
      .when(
        { type: 'DraftSupportPlan', data: plan as never },
        context(actor('commune_officer'), '2026-03-05T11:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'step_out_of_order' });
    spec
      .given([reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted])
      .when(
        { type: 'ApproveSupportPlan', data: planApproved.data as never },
        context(actor('commune_officer'), '2026-03-06T11:00:00'),
      )
      .thenThrows(StepNotPermitted);
  });

  it('sends a returned plan back for redrafting; an approval must name the plan awaiting decision', () => {
    const returned = {
      planId: ids.planId,
      returnedAt: at('2026-03-06T09:00:00'),
      reason: 'Bổ sung nhiệm vụ tư vấn tâm lý.',
    };
    const state = spec.given([
      reported(),
      forwarded,
      initiallyAssessed(),
      detailedAssessed,
      planDrafted,
      { type: 'SupportPlanReturned', data: returned },
    ]).state;
    expect(state.status).toBe('DETAILED_ASSESSED');
    spec
      .given([reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted])
      .when(
        { type: 'ApproveSupportPlan', data: { ...planApproved.data, planId: ids.caseId } as never },
        context(actor('commune_chair'), '2026-03-06T11:00:00'),
      )
      .thenThrows(CaseRuleViolation, { rule: 'plan_unknown', field: 'planId' });
  });
});

describe('implementation, review and closure (Form 06, D56 Art. 29, 30)', () => {
  it('lets the responsible agency complete its own task, and no other agency', () => {
    const done = {
      planId: ids.planId,
      taskId: ids.taskMedical,
      completedAt: at('2026-03-10T10:00:00'),
      outcome: 'Đã khám.',
    };
    spec
      .given(inImplementation)
      .when(
        { type: 'CompleteInterventionTask', data: done },
        context(actor('health_worker', undefined), '2026-03-10T11:00:00'),
      )
      .then([{ type: 'InterventionTaskCompleted', data: { ...done, childId: ids.childId } }]);
    spec
      .given(inImplementation)
      .when(
        { type: 'CompleteInterventionTask', data: done },
        context(actor('legal_aid_officer', undefined), '2026-03-10T11:00:00'),
      )
      .thenThrows(StepNotPermitted, /health/);
  });

  it('reviews, then the chair closes — or re-plans, which starts a new cycle', () => {
    const { childId: _c, ...review } = reviewed('CLOSE').data as { childId: string };
    spec
      .given(inImplementation)
      .when(
        { type: 'ReviewCase', data: review as never },
        context(actor('commune_officer'), '2026-04-10T11:00:00'),
      )
      .then([reviewed('CLOSE')]);
    const closed = { closedAt: at('2026-04-11T10:00:00'), reason: 'RISK_RESOLVED' as const };
    spec
      .given([...inImplementation, reviewed('CLOSE')])
      .when({ type: 'CloseCase', data: closed }, context(actor('commune_chair'), '2026-04-11T11:00:00'))
      .then([{ type: 'CaseClosed', data: closed }]);
    const replanned = spec.given([
      ...inImplementation,
      reviewed('REPLAN'),
      { type: 'CaseReplanned', data: { decidedAt: at('2026-04-11T10:00:00'), reason: 'Nguy cơ vẫn còn.' } },
    ]).state;
    expect(replanned).toMatchObject({ status: 'DETAILED_ASSESSED', cycle: 2 });
  });

  it('refuses to close before a review, or while the child is still separated', () => {
    const closed = { closedAt: at('2026-04-11T10:00:00'), reason: 'RISK_RESOLVED' as const };
    spec
      .given(inImplementation)
      .when({ type: 'CloseCase', data: closed }, context(actor('commune_chair'), '2026-04-11T11:00:00'))
      .thenThrows(CaseRuleViolation, { rule: 'step_out_of_order' });
    const separated = {
      type: 'TemporarySeparationDecided' as const,
      data: {
        childId: ids.childId,
        decidedAt: at('2026-03-02T16:00:00'),
        until: at('2026-03-16T16:00:00'),
        placement: 'RELATIVE' as const,
      },
    };
    spec
      .given([
        reported(),
        forwarded,
        initiallyAssessed(),
        separated,
        ...inImplementation.slice(3),
        reviewed('CLOSE'),
      ])
      .when({ type: 'CloseCase', data: closed }, context(actor('commune_chair'), '2026-04-11T11:00:00'))
      .thenThrows(CaseRuleViolation, { rule: 'separation_active' });
  });

  it('reopens a closed case at the commune, for a new assessment', () => {
    const closedCase = [
      ...inImplementation,
      reviewed('CLOSE'),
      {
        type: 'CaseClosed' as const,
        data: { closedAt: at('2026-04-11T10:00:00'), reason: 'RISK_RESOLVED' as const },
      },
    ];
    const reopen = { reopenedAt: at('2026-06-01T09:00:00'), reason: 'Có thông báo mới về nguy cơ.' };
    spec
      .given(closedCase)
      .when({ type: 'ReopenCase', data: reopen }, context(actor('commune_officer'), '2026-06-01T10:00:00'))
      .then([{ type: 'CaseReopened', data: reopen }]);
    expect(spec.given([...closedCase, { type: 'CaseReopened', data: reopen }]).state).toMatchObject({
      status: 'AT_COMMUNE',
      cycle: 2,
      atCommuneAt: reopen.reopenedAt,
    });
  });
});

describe('police investigators append to an existing case', () => {
  const opened = {
    investigationId: ids.investigation,
    openedAt: at('2026-03-03T08:00:00'),
    unit: 'Công an phường Quy Nhơn',
  };
  const police = (now: string) => context(actor('police_investigator', undefined), now);

  it('opens an investigation and records its steps', () => {
    spec
      .given([reported()])
      .when({ type: 'OpenInvestigation', data: opened }, police('2026-03-03T09:00:00'))
      .then([{ type: 'InvestigationOpened', data: opened }]);
    const statement = {
      investigationId: ids.investigation,
      statementId: ids.planId,
      recordedAt: at('2026-03-03T10:00:00'),
      from: 'CHILD' as const,
      summary: 'Lời khai của trẻ.',
    };
    spec
      .given([reported(), { type: 'InvestigationOpened', data: opened }])
      .when({ type: 'RecordStatement', data: statement }, police('2026-03-03T11:00:00'))
      .then([{ type: 'StatementRecorded', data: { ...statement, childId: ids.childId } }]);
  });

  it('refuses steps of an unknown or closed investigation, and steps by non-police', () => {
    const referral = {
      investigationId: ids.investigation,
      referredAt: at('2026-03-20T10:00:00'),
      procuracy: 'Viện kiểm sát nhân dân khu vực 1',
      offences: ['Điều 134 BLHS'],
    };
    spec
      .given([reported()])
      .when({ type: 'ReferForProsecution', data: referral }, police('2026-03-20T11:00:00'))
      .thenThrows(CaseRuleViolation, { rule: 'investigation_unknown' });
    const closed = {
      investigationId: ids.investigation,
      closedAt: at('2026-03-10T10:00:00'),
      outcome: 'NO_OFFENCE' as const,
    };
    spec
      .given([
        reported(),
        { type: 'InvestigationOpened', data: opened },
        { type: 'InvestigationClosed', data: closed },
      ])
      .when({ type: 'ReferForProsecution', data: referral }, police('2026-03-20T11:00:00'))
      .thenThrows(CaseRuleViolation, { rule: 'investigation_closed' });
    spec
      .given([reported()])
      .when(
        { type: 'OpenInvestigation', data: opened },
        context(actor('commune_officer'), '2026-03-03T09:00:00'),
      )
      .thenThrows(StepNotPermitted);
  });
});

describe('who manages the case (issue 21, item 4; decision 0057)', () => {
  const assigned = (managerId: string, local = '2026-03-02T09:30:00'): never =>
    ({ type: 'CaseManagerAssigned', data: { managerId, assignedAt: at(local) } }) as never;

  it('the chair assigns an officer of the commune; the chair reassigns when someone leaves', () => {
    spec
      .given([reported(), forwarded])
      .when(
        {
          type: 'AssignCaseManager',
          data: { managerId: 'officer-a', assignedAt: at('2026-03-02T09:30:00') },
        },
        context(actor('commune_chair')),
      )
      .then([assigned('officer-a')]);
    spec
      .given([reported(), forwarded, assigned('officer-a')])
      .when(
        {
          type: 'AssignCaseManager',
          data: { managerId: 'officer-b', assignedAt: at('2026-03-02T09:40:00') },
        },
        context(actor('commune_chair')),
      )
      .then([assigned('officer-b', '2026-03-02T09:40:00')]);
  });

  it('an officer takes the case for themself, by their own account, not one the body names', () => {
    const officer = actor('commune_officer');
    spec
      .given([reported(), forwarded])
      .when({ type: 'TakeCase', data: { takenAt: at('2026-03-02T09:30:00') } }, context(officer))
      .then([assigned(officer.userId)]);
  });

  it('a missed deadline names whom it is for: the officer managing the case (issue 21, item 4)', () => {
    const given = spec.given([reported(), forwarded, assigned('officer-a'), initiallyAssessed(true)]);
    const late = context(system, '2026-03-05T10:00:00');
    const overdue = deadlinesOf(given.state, late.now, late.policy, late.calendar).find(
      (deadline) => deadline.status === 'OVERDUE',
    );
    expect(overdue).toBeDefined();
    const [missed] = given
      .when({ type: 'RecordMissedDeadline', data: { deadlineId: overdue?.id as string } }, late)
      .events();
    expect(missed).toMatchObject({ type: 'DeadlineMissed', data: { managerId: 'officer-a' } });
    // Nobody manages it: the miss is the commune's, and names no one.
    const unmanaged = spec.given([reported(), forwarded, initiallyAssessed(true)]);
    const [anyone] = unmanaged
      .when({ type: 'RecordMissedDeadline', data: { deadlineId: overdue?.id as string } }, late)
      .events();
    expect(anyone?.data).not.toHaveProperty('managerId');
  });

  it('refuses giving the case to whom has it, an officer assigning, another commune, and a case not at the commune', () => {
    const officer = actor('commune_officer');
    spec
      .given([reported(), forwarded, assigned(officer.userId)])
      .when({ type: 'TakeCase', data: { takenAt: at('2026-03-02T09:40:00') } }, context(officer))
      .thenThrows(CaseRuleViolation, { rule: 'already_manager' });
    spec
      .given([reported(), forwarded])
      .when(
        {
          type: 'AssignCaseManager',
          data: { managerId: 'officer-a', assignedAt: at('2026-03-02T09:30:00') },
        },
        context(officer),
      )
      .thenThrows(StepNotPermitted);
    spec
      .given([reported(), forwarded])
      .when(
        { type: 'TakeCase', data: { takenAt: at('2026-03-02T09:30:00') } },
        context(actor('commune_officer', OTHER_COMMUNE)),
      )
      .thenThrows(StepNotPermitted, /commune/);
    spec
      .given([reported()])
      .when({ type: 'TakeCase', data: { takenAt: at('2026-03-02T09:30:00') } }, context(officer))
      .thenThrows(CaseRuleViolation, { rule: 'step_out_of_order' });
  });
});
