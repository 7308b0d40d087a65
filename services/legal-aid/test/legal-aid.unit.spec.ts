import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import {
  ReferralHeld,
  ReferralNotFound,
  ReferralRuleViolation,
  ReferralStepNotPermitted,
} from '@chungtay/referral';
import { describe, expect, it } from 'vitest';
import {
  actor,
  agencySpec,
  childId,
  officer,
  referralTo,
  reported,
} from '../../referral/test/agency-fixtures.ts';
import { type LegalAidCommand, legalAidDecider } from '../src/legal-aid.ts';

const { given, decide, step } = agencySpec(legalAidDecider);
const referralId = randomUUID();
const holder = actor('legal_aid_officer', 'legal_aid', 'lawyer-an');
const colleague = actor('legal_aid_officer', 'legal_aid', 'lawyer-binh');
const claimed: CaseEvent = {
  type: 'ReferralClaimed',
  data: { referralId, claimedAt: '2026-03-03T10:00:00+07:00' },
};
const accepted: CaseEvent = {
  type: 'ReferralAccepted',
  data: { referralId, acceptedAt: '2026-03-03T10:05:00+07:00' },
};
const onAccepted = () =>
  given(
    [reported, officer],
    [referralTo('legal_aid', referralId), officer],
    [claimed, holder],
    [accepted, holder],
  );
const advice = (overrides: Record<string, unknown> = {}): LegalAidCommand =>
  ({
    type: 'GiveAdvice',
    data: {
      referralId,
      givenAt: '2026-03-09T10:00:00+07:00',
      topic: 'CUSTODY',
      summary: 'Tư vấn quyền nuôi con.',
      ...overrides,
    },
  }) as LegalAidCommand;
const close: LegalAidCommand = {
  type: 'CloseLegalAid',
  data: { referralId, outcome: 'RIGHTS_PROTECTED', summary: 'Đã bảo vệ quyền của trẻ.' },
};

describe('legal aid works an accepted referral', () => {
  it('the holder assigns an officer, who then gives advice and represents the child', () => {
    const assigned = step(
      onAccepted(),
      { type: 'AssignOfficer', data: { referralId, officerId: 'lawyer-binh' } },
      holder,
    );
    expect(assigned.own.matters[referralId]?.assignedTo).toBe('lawyer-binh');
    expect(decide(assigned, advice(), colleague)).toEqual([
      { type: 'LegalAdviceGiven', data: expect.objectContaining({ referralId, childId }) },
    ]);
    const represent: LegalAidCommand = {
      type: 'ProvideRepresentation',
      data: {
        referralId,
        providedAt: '2026-03-09T14:00:00+07:00',
        kind: 'ACCOMPANIMENT',
        proceeding: 'INVESTIGATION',
        proceedingReference: 'VV-12/2026',
      },
    };
    expect(decide(assigned, represent, colleague)[0]?.type).toBe('LegalRepresentationProvided');
    expect(
      decide(assigned, { type: 'AssignOfficer', data: { referralId, officerId: 'lawyer-binh' } }, holder),
    ).toEqual([]);
  });

  it('only the holder assigns; an officer neither holding nor assigned is told who does', () => {
    expect(() =>
      decide(onAccepted(), { type: 'AssignOfficer', data: { referralId, officerId: 'x' } }, colleague),
    ).toThrow(ReferralHeld);
    expect(() => decide(onAccepted(), advice(), colleague)).toThrow(/lawyer-an/);
  });

  it('needs a referral to legal aid that it accepted; other agencies may not record legal aid', () => {
    const offered = given([reported, officer], [referralTo('legal_aid', referralId), officer]);
    expect(() => decide(offered, advice(), holder)).toThrow(ReferralRuleViolation);
    expect(() => decide(onAccepted(), advice({ referralId: randomUUID() }), holder)).toThrow(
      ReferralNotFound,
    );
    expect(() => decide(onAccepted(), advice(), actor('health_worker', 'health'))).toThrow(
      ReferralStepNotPermitted,
    );
    expect(() => decide(given(), advice(), holder)).toThrow(ReferralNotFound);
  });

  it('a time in the future is refused', () => {
    expect(() => decide(onAccepted(), advice({ givenAt: '2026-03-11T10:00:00+07:00' }), holder)).toThrow(
      /in the future/,
    );
  });

  it('closing records the outcome and completes the referral, so the commune officer sees it; then nothing more', () => {
    const events = decide(onAccepted(), close, holder);
    expect(events.map((event) => event.type)).toEqual(['LegalAidClosed', 'ReferralCompleted']);
    expect(events[1]?.data).toMatchObject({
      referralId,
      outcome: 'SERVICE_PROVIDED',
      summary: 'Đã bảo vệ quyền của trẻ.',
    });
    const closed = step(onAccepted(), close, holder);
    expect(closed.base.referrals[referralId]?.status).toBe('COMPLETED');
    expect(() => decide(closed, advice(), holder)).toThrow(ReferralRuleViolation);
  });

  it('a closed case takes no legal aid', () => {
    const closedCase = given(
      [reported, officer],
      [referralTo('legal_aid', referralId), officer],
      [claimed, holder],
      [accepted, holder],
      [
        { type: 'CaseClosed', data: { closedAt: '2026-03-09T09:00:00+07:00', reason: 'OTHER' } } as CaseEvent,
        officer,
      ],
    );
    expect(() => decide(closedCase, advice(), holder)).toThrow(/closed/);
  });
});
