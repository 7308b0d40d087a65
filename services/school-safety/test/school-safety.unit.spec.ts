import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import { ReferralNotFound, ReferralStepNotPermitted } from '@chungtay/referral';
import { describe, expect, it } from 'vitest';
import { actor, agencySpec, officer, referralTo, reported } from '../../referral/test/agency-fixtures.ts';
import { type SchoolSafetyCommand, schoolSafetyDecider } from '../src/school-safety.ts';

const { given, decide, step } = agencySpec(schoolSafetyDecider);
const teacher = actor('school_safety_officer', 'education', 'teacher-1');
const referred = () => given([reported, officer], [referralTo('education'), officer]);
const incident = (incidentId = randomUUID()): SchoolSafetyCommand => ({
  type: 'ReportIncident',
  data: {
    incidentId,
    occurredAt: '2026-03-09T10:00:00+07:00',
    kind: 'BULLYING',
    school: 'Trường THCS Quy Nhơn',
    description: 'Bị bạn cùng lớp bắt nạt.',
  },
});
const plan: SchoolSafetyCommand = {
  type: 'AgreeSafetyPlan',
  data: {
    agreedAt: '2026-03-09T11:00:00+07:00',
    measures: ['SUPERVISION', 'COUNSELLING'],
    details: 'Giáo viên chủ nhiệm theo dõi.',
  },
};
const reintegration: SchoolSafetyCommand = {
  type: 'RecordReintegrationSupport',
  data: { recordedAt: '2026-03-09T15:00:00+07:00', support: 'RETURN_TO_CLASS', notes: 'Trẻ đi học lại.' },
};

describe('school safety for a child in a case', () => {
  it('the school reports an incident once it is involved; the same incident again is a no-op', () => {
    const id = randomUUID();
    expect(decide(referred(), incident(id), teacher)[0]?.type).toBe('SchoolIncidentReported');
    expect(decide(step(referred(), incident(id), teacher), incident(id), teacher)).toEqual([]);
  });

  it('not before it is involved, never by another agency, never on a missing case', () => {
    expect(() => decide(given([reported, officer]), incident(), teacher)).toThrow(/not involved/);
    expect(() => decide(referred(), incident(), actor('health_worker', 'health'))).toThrow(
      ReferralStepNotPermitted,
    );
    expect(() => decide(given(), incident(), teacher)).toThrow(ReferralNotFound);
  });

  it('reintegration support follows an agreed safety plan', () => {
    expect(() => decide(referred(), reintegration, teacher)).toThrow(/safety plan/);
    expect(decide(step(referred(), plan, teacher), reintegration, teacher)[0]?.type).toBe(
      'ReintegrationSupportRecorded',
    );
  });

  it('a time in the future is refused; a closed case takes nothing', () => {
    expect(() => decide(referred(), plan, teacher, new Date('2026-03-08T09:00:00+07:00'))).toThrow(
      /in the future/,
    );
    const closed = schoolSafetyDecider.evolve(
      referred(),
      { type: 'CaseClosed', data: { closedAt: '2026-03-09T08:00:00+07:00', reason: 'OTHER' } } as CaseEvent,
      officer,
    );
    expect(() => decide(closed, incident(), teacher)).toThrow(/closed/);
  });
});
