import type { CaseEvent } from '@chungtay/contracts';
import { describe, expect, it } from 'vitest';
import {
  availableSteps,
  CaseRuleViolation,
  caseFactsOf,
  deadlinesOf,
  defaultDeadlinePolicy,
  StepNotPermitted,
} from '../src/index.ts';
import {
  actor,
  at,
  COMMUNE,
  calendar,
  context,
  forwarded,
  ids,
  initiallyAssessed,
  OTHER_COMMUNE,
  reported,
  spec,
} from './fixtures.ts';

/** A third commune of the province, neither the sending nor the receiving one. */
const THIRD_COMMUNE = '23575';

const requested: CaseEvent = {
  type: 'CaseTransferRequested',
  data: {
    childId: ids.childId,
    fromCommuneCode: COMMUNE,
    toCommuneCode: OTHER_COMMUNE,
    reason: 'CHILD_MOVED',
    requestedAt: at('2026-03-02T09:30:00'),
  },
};
const accepted: CaseEvent = {
  type: 'CaseTransferAccepted',
  data: { fromCommuneCode: COMMUNE, toCommuneCode: OTHER_COMMUNE, acceptedAt: at('2026-03-02T09:45:00') },
};
const assigned: CaseEvent = {
  type: 'CaseManagerAssigned',
  data: { managerId: 'commune_officer-1', assignedAt: at('2026-03-02T09:10:00') },
};
const transfer = (toCommuneCode: string, requestedAt = '2026-03-02T09:30:00') =>
  ({
    type: 'TransferCase',
    data: { toCommuneCode, reason: 'CHILD_MOVED', requestedAt: at(requestedAt) },
  }) as const;
const accept = { type: 'AcceptTransfer', data: { acceptedAt: at('2026-03-02T09:45:00') } } as const;

describe('transfer between communes (issue 21, item 5; decision 0058)', () => {
  it('the case’s commune asks another to take it over; the case, its child and its communes come from the case', () => {
    spec
      .given([reported(), forwarded])
      .when(transfer(OTHER_COMMUNE), context(actor('commune_officer')))
      .then([requested]);
  });

  it('the receiving commune accepts: the case is theirs, with the same deadlines, and no manager yet', () => {
    const given = spec.given([reported(), forwarded, assigned, requested]);
    given.when(accept, context(actor('commune_chair', OTHER_COMMUNE))).then([accepted]);
    const before = given.state;
    const after = spec.given([reported(), forwarded, assigned, requested, accepted]).state;
    expect(after).toMatchObject({ communeCode: OTHER_COMMUNE, formerCommunes: [COMMUNE] });
    expect(after.manager).toBeUndefined();
    expect(after.transfer).toBeUndefined();
    expect(caseFactsOf(after)).toMatchObject({ communeCode: OTHER_COMMUNE, formerCommunes: [COMMUNE] });
    // Deadlines continue: the same kinds, due at the same instants, before and after the hand-over.
    const now = new Date(at('2026-03-02T10:00:00'));
    const deadlines = (state: typeof after) =>
      deadlinesOf(state, now, defaultDeadlinePolicy, calendar).map(({ kind, dueAt, status }) => ({
        kind,
        dueAt,
        status,
      }));
    expect(deadlines(after)).toEqual(deadlines(before));
    expect(deadlines(after).length).toBeGreaterThan(0);
  });

  it('from acceptance the new commune works the case and the old one no longer does', () => {
    const given = spec.given([reported(), forwarded, requested, accepted]);
    const assess = {
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: at('2026-03-02T09:50:00'),
        riskLevel: 'MEDIUM',
        childInSeriousDanger: false,
        emergencyMeasure: 'NONE',
        findings: 'Đánh giá tại nơi ở mới.',
      },
    } as const;
    given.when(assess, context(actor('commune_officer'))).thenThrows(StepNotPermitted, /commune/);
    expect(given.when(assess, context(actor('commune_officer', OTHER_COMMUNE))).events()).toHaveLength(1);
  });

  it('the receiving commune refuses with a reason, or the sending one withdraws: the case stays where it is', () => {
    const given = spec.given([reported(), forwarded, requested]);
    given
      .when(
        {
          type: 'RefuseTransfer',
          data: { refusedAt: at('2026-03-02T09:40:00'), reason: 'Trẻ không cư trú tại xã.' },
        },
        context(actor('commune_officer', OTHER_COMMUNE)),
      )
      .then([
        {
          type: 'CaseTransferRefused',
          data: {
            childId: ids.childId,
            toCommuneCode: OTHER_COMMUNE,
            refusedAt: at('2026-03-02T09:40:00'),
            reason: 'Trẻ không cư trú tại xã.',
          },
        },
      ]);
    given
      .when(
        { type: 'WithdrawTransfer', data: { withdrawnAt: at('2026-03-02T09:40:00') } },
        context(actor('commune_chair')),
      )
      .then([
        {
          type: 'CaseTransferWithdrawn',
          data: { toCommuneCode: OTHER_COMMUNE, withdrawnAt: at('2026-03-02T09:40:00') },
        },
      ]);
    const refused = spec.given([
      reported(),
      forwarded,
      requested,
      {
        type: 'CaseTransferRefused',
        data: {
          childId: ids.childId,
          toCommuneCode: OTHER_COMMUNE,
          refusedAt: at('2026-03-02T09:40:00'),
          reason: 'Trẻ không cư trú tại xã.',
        },
      },
    ]);
    expect(refused.state).toMatchObject({ communeCode: COMMUNE });
    expect(refused.state.transfer).toBeUndefined();
    refused
      .when(accept, context(actor('commune_chair', OTHER_COMMUNE)))
      .thenThrows(CaseRuleViolation, { rule: 'no_transfer' });
  });

  it('refuses: the sender or a third commune answering, a second request, its own commune, a code of no commune, a case not at a commune', () => {
    const pending = spec.given([reported(), forwarded, requested]);
    pending.when(accept, context(actor('commune_chair'))).thenThrows(StepNotPermitted, /asked/);
    pending
      .when(accept, context(actor('commune_chair', THIRD_COMMUNE)))
      .thenThrows(StepNotPermitted, /asked/);
    pending.when(accept, context(actor('police_investigator', OTHER_COMMUNE))).thenThrows(StepNotPermitted);
    pending
      .when(transfer(THIRD_COMMUNE, '2026-03-02T09:35:00'), context(actor('commune_officer')))
      .thenThrows(CaseRuleViolation, { rule: 'transfer_pending' });
    pending
      .when(
        { type: 'WithdrawTransfer', data: { withdrawnAt: at('2026-03-02T09:40:00') } },
        context(actor('commune_officer', OTHER_COMMUNE)),
      )
      .thenThrows(StepNotPermitted, /case's commune/);
    const atCommune = spec.given([reported(), forwarded]);
    atCommune
      .when(transfer(COMMUNE), context(actor('commune_officer')))
      .thenThrows(CaseRuleViolation, { rule: 'same_commune', field: 'toCommuneCode' });
    atCommune
      .when(transfer('99999'), context(actor('commune_officer')))
      .thenThrows(CaseRuleViolation, { rule: 'unknown_commune', field: 'toCommuneCode' });
    atCommune
      .when(transfer(OTHER_COMMUNE), context(actor('commune_officer', OTHER_COMMUNE)))
      .thenThrows(StepNotPermitted, /case's commune/);
    spec
      .given([reported()])
      .when(transfer(OTHER_COMMUNE), context(actor('commune_officer')))
      .thenThrows(CaseRuleViolation, { rule: 'step_out_of_order' });
    // Accepting before the request was made is a time before the step it follows.
    pending
      .when(
        { type: 'AcceptTransfer', data: { acceptedAt: at('2026-03-02T09:20:00') } },
        context(actor('commune_chair', OTHER_COMMUNE)),
      )
      .thenThrows(CaseRuleViolation, { rule: 'time_before_previous_step' });
  });

  it('offers the receiving commune only its answer, the sender only its withdrawal, while the request waits', () => {
    const pending = spec.given([reported(), forwarded, initiallyAssessed(), requested]).state;
    expect(availableSteps(pending, actor('commune_officer', OTHER_COMMUNE))).toEqual([
      'RecordEmergencyIntervention',
      'AcceptTransfer',
      'RefuseTransfer',
    ]);
    const sender = availableSteps(pending, actor('commune_officer'));
    expect(sender).toContain('WithdrawTransfer');
    expect(sender).toContain('CompleteDetailedAssessment');
    expect(sender).not.toContain('TransferCase');
    expect(sender).not.toContain('AcceptTransfer');
    expect(availableSteps(pending, actor('commune_officer', THIRD_COMMUNE))).not.toContain('AcceptTransfer');
    const moved = spec.given([reported(), forwarded, requested, accepted]).state;
    expect(availableSteps(moved, actor('commune_officer'))).not.toContain('CompleteInitialAssessment');
    expect(availableSteps(moved, actor('commune_officer'))).not.toContain('TransferCase');
    expect(availableSteps(moved, actor('commune_officer', OTHER_COMMUNE))).toContain('TransferCase');
  });
});
