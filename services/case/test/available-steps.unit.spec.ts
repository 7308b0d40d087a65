import type { CaseEvent } from '@chungtay/contracts';
import { describe, expect, it } from 'vitest';
import { availableSteps, evolve, initialCaseState } from '../src/index.ts';
import {
  actor,
  detailedAssessed,
  forwarded,
  inImplementation,
  initiallyAssessed,
  OTHER_COMMUNE,
  planDrafted,
  reported,
  reviewed,
} from './fixtures.ts';

const stateOf = (events: readonly CaseEvent[]) =>
  events.reduce((state, event) => evolve(state, event, 'commune'), initialCaseState());

describe('the steps offered on a case (what the console shows as buttons)', () => {
  it('follows the Decree 56 order for the commune officer and the chair', () => {
    const atCommune = stateOf([reported(), forwarded]);
    expect(availableSteps(atCommune, actor('commune_officer'))).toEqual([
      'CompleteInitialAssessment',
      'RecordEmergencyIntervention',
      'TakeCase',
      'TransferCase',
    ]);
    expect(availableSteps(atCommune, actor('commune_chair'))).toEqual([
      'RecordEmergencyIntervention',
      'DecideTemporarySeparation',
      'AssignCaseManager',
      'TransferCase',
    ]);
    // The officer who has the case is not offered to take it again; another officer is.
    const taken = evolve(atCommune, {
      type: 'CaseManagerAssigned',
      data: { managerId: actor('commune_officer').userId, assignedAt: '2026-03-02T02:00:00.000Z' },
    });
    expect(taken.manager).toBe(actor('commune_officer').userId);
    expect(availableSteps(taken, actor('commune_officer'))).not.toContain('TakeCase');
    expect(availableSteps(taken, { ...actor('commune_officer'), userId: 'another-officer' })).toContain(
      'TakeCase',
    );
    const assessed = stateOf([reported(), forwarded, initiallyAssessed()]);
    expect(availableSteps(assessed, actor('commune_officer'))).toEqual([
      'RecordEmergencyIntervention',
      'CompleteDetailedAssessment',
      'TakeCase',
      'TransferCase',
    ]);
    const drafted = stateOf([reported(), forwarded, initiallyAssessed(), detailedAssessed, planDrafted]);
    expect(availableSteps(drafted, actor('commune_chair'))).toEqual([
      'RecordEmergencyIntervention',
      'DecideTemporarySeparation',
      'ReturnSupportPlan',
      'ApproveSupportPlan',
      'AssignCaseManager',
      'TransferCase',
    ]);
    expect(availableSteps(drafted, actor('commune_officer'))).not.toContain('ApproveSupportPlan');
  });

  it('offers a task’s completion only to the agency that holds an open task, and the commune’s officer', () => {
    const state = stateOf(inImplementation);
    expect(availableSteps(state, actor('health_worker', undefined))).toEqual(['CompleteInterventionTask']);
    expect(availableSteps(state, actor('legal_aid_officer', undefined))).toEqual([
      'CompleteInterventionTask',
    ]);
    expect(availableSteps(state, actor('school_safety_officer', undefined))).toEqual([]);
    expect(availableSteps(state, actor('commune_officer'))).toEqual([
      'RecordEmergencyIntervention',
      'CompleteInterventionTask',
      'RecordMonitoringVisit',
      'ReviewCase',
      'TakeCase',
      'TransferCase',
    ]);
    // Another commune's officer only steps in to stop harm (the permission table: not bound to the commune).
    expect(availableSteps(state, actor('commune_officer', OTHER_COMMUNE))).toEqual([
      'RecordEmergencyIntervention',
    ]);
  });

  it('offers closing only after the review and never while the child is separated', () => {
    const state = stateOf([...inImplementation, reviewed('CLOSE')]);
    expect(availableSteps(state, actor('commune_chair'))).toEqual(
      expect.arrayContaining(['CloseCase', 'ReplanCase']),
    );
    const separated = evolve(
      state,
      {
        type: 'TemporarySeparationDecided',
        data: {
          childId: state.childId as string,
          decidedAt: '2026-04-10T12:00:00+07:00',
          until: '2026-04-20T12:00:00+07:00',
          placement: 'SAFE_SHELTER',
        },
      },
      'commune',
    );
    const chair = availableSteps(separated, actor('commune_chair'));
    expect(chair).not.toContain('CloseCase');
    expect(chair).not.toContain('DecideTemporarySeparation');
    expect(chair).toEqual(expect.arrayContaining(['ExtendSeparation', 'EndSeparation']));
  });

  it('offers police their investigation steps once one is open, and nothing to roles without steps', () => {
    const state = stateOf([reported(), forwarded]);
    expect(availableSteps(state, actor('police_investigator', undefined))).toEqual([
      'RecordEmergencyIntervention',
      'OpenInvestigation',
    ]);
    const open = evolve(
      state,
      {
        type: 'InvestigationOpened',
        data: { investigationId: crypto.randomUUID(), openedAt: '2026-03-02T12:00:00+07:00', unit: 'PC01' },
      },
      'police',
    );
    expect(availableSteps(open, actor('police_investigator', undefined))).toContain('RecordStatement');
    expect(availableSteps(open, actor('auditor', undefined))).toEqual([]);
    expect(availableSteps(open, actor('hotline_operator', undefined))).toEqual([]);
    expect(availableSteps(initialCaseState(), actor('commune_officer'))).toEqual([]);
  });
});
