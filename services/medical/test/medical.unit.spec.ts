import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import { ReferralRuleViolation, ReferralStepNotPermitted } from '@chungtay/referral';
import { describe, expect, it } from 'vitest';
import { actor, agencySpec, officer, referralTo, reported } from '../../referral/test/agency-fixtures.ts';
import { type MedicalCommand, medicalDecider } from '../src/medical.ts';

const { given, decide, step } = agencySpec(medicalDecider);
const doctor = actor('health_worker', 'health', 'doctor-1');
const referred = () => given([reported, officer], [referralTo('health'), officer]);
const examination = (examinationId = randomUUID()): MedicalCommand => ({
  type: 'RecordExamination',
  data: {
    examinationId,
    examinedAt: '2026-03-09T10:00:00+07:00',
    facility: 'BVĐK tỉnh Gia Lai',
    careNeeded: 'OUTPATIENT',
    findings: 'Bầm tím vùng lưng.',
  },
});
const session = (sessionNumber: number): MedicalCommand => ({
  type: 'RecordSupportSession',
  data: { sessionAt: '2026-03-09T15:00:00+07:00', sessionNumber, notes: 'Trẻ lo âu.' },
});
const discharge: MedicalCommand = {
  type: 'Discharge',
  data: {
    dischargedAt: '2026-03-09T17:00:00+07:00',
    facility: 'BVĐK tỉnh Gia Lai',
    followUpNeeded: true,
    summary: 'Ổn định.',
  },
};

describe('medical care of a child in a case', () => {
  it('health records an examination once it is involved; the same examination again is a no-op', () => {
    const id = randomUUID();
    expect(decide(referred(), examination(id), doctor)[0]?.type).toBe('MedicalExaminationRecorded');
    expect(decide(step(referred(), examination(id), doctor), examination(id), doctor)).toEqual([]);
  });

  it('not before it is involved, and never by another agency', () => {
    expect(() => decide(given([reported, officer]), examination(), doctor)).toThrow(/not involved/);
    expect(() => decide(referred(), examination(), actor('school_safety_officer', 'education'))).toThrow(
      ReferralStepNotPermitted,
    );
  });

  it('a forensic examination answers an investigation of this case, when it names one', () => {
    const investigationId = randomUUID();
    const forensic = (id: string): MedicalCommand => ({
      type: 'RecordForensicExamination',
      data: {
        examinationId: randomUUID(),
        examinedAt: '2026-03-09T10:00:00+07:00',
        facility: 'Trung tâm Pháp y',
        investigationId: id,
        resultReference: 'GĐ-07/2026',
        findings: 'Thương tích 5%.',
      },
    });
    expect(() => decide(referred(), forensic(investigationId), doctor)).toThrow(ReferralRuleViolation);
    const investigated = medicalDecider.evolve(
      referred(),
      {
        type: 'InvestigationOpened',
        data: { investigationId, openedAt: '2026-03-04T09:00:00+07:00', unit: 'CA' },
      } as CaseEvent,
      actor('police_investigator', 'police'),
    );
    expect(decide(investigated, forensic(investigationId), doctor)[0]?.type).toBe(
      'ForensicExaminationRecorded',
    );
  });

  it('support sessions are numbered in order', () => {
    const first = step(referred(), session(1), doctor);
    expect(decide(first, session(2), doctor)[0]?.type).toBe('PsychologicalSupportSessionRecorded');
    expect(() => decide(first, session(1), doctor)).toThrow(/session 1 is recorded/);
  });

  it('rehabilitation is recorded; a discharge needs an examination first, and happens once', () => {
    expect(
      decide(
        referred(),
        {
          type: 'RecordRehabilitation',
          data: { recordedAt: '2026-03-09T10:00:00+07:00', kind: 'PSYCHOLOGICAL', plan: 'Trị liệu 6 buổi.' },
        },
        doctor,
      )[0]?.type,
    ).toBe('RehabilitationRecorded');
    expect(() => decide(referred(), discharge, doctor)).toThrow(/no examination/);
    const discharged = step(step(referred(), examination(), doctor), discharge, doctor);
    expect(() => decide(discharged, discharge, doctor)).toThrow(/discharged already/);
  });

  it('a time in the future is refused', () => {
    expect(() => decide(referred(), session(1), doctor, new Date('2026-03-08T09:00:00+07:00'))).toThrow(
      /in the future/,
    );
  });
});
