import {
  type CaseEvent,
  ForensicExaminationRecorded,
  MedicalDischarged,
  MedicalExaminationRecorded,
  PsychologicalSupportSessionRecorded,
  RehabilitationRecorded,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import {
  type AgencyState,
  agencyFold,
  agencyRules,
  type CaseStreamDecider,
  ReferralRuleViolation,
} from '@chungtay/referral';
import { z } from 'zod';

/** What the medical service keeps of a case: examinations recorded, the last support session's number. */
export interface MedicalRecord {
  readonly examinations: readonly string[];
  readonly lastSession: number;
  readonly discharged: boolean;
}

export const MedicalCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('RecordExamination'),
    data: MedicalExaminationRecorded.omit({ childId: true }),
  }),
  z.object({
    type: z.literal('RecordForensicExamination'),
    data: ForensicExaminationRecorded.omit({ childId: true }),
  }),
  z.object({
    type: z.literal('RecordSupportSession'),
    data: PsychologicalSupportSessionRecorded.omit({ childId: true }),
  }),
  z.object({ type: z.literal('RecordRehabilitation'), data: RehabilitationRecorded.omit({ childId: true }) }),
  z.object({ type: z.literal('Discharge'), data: MedicalDischarged.omit({ childId: true }) }),
]);
export type MedicalCommand = z.infer<typeof MedicalCommand>;

const fold = agencyFold<MedicalRecord>(
  () => ({ examinations: [], lastSession: 0, discharged: false }),
  (own, event) => {
    switch (event.type) {
      case 'MedicalExaminationRecorded':
      case 'ForensicExaminationRecorded':
        return { ...own, examinations: [...own.examinations, event.data.examinationId], discharged: false };
      case 'PsychologicalSupportSessionRecorded':
        return { ...own, lastSession: event.data.sessionNumber };
      case 'MedicalDischarged':
        return { ...own, discharged: true };
      default:
        return own;
    }
  },
);

/**
 * Health records its care of a child it was brought into the case for (a referral, a plan task). A forensic
 * examination answers an investigation the case holds; sessions are numbered in order; a discharge follows
 * an examination. Findings are sealed and confidential by default (the matrix's medical_details row).
 */
function decide(
  command: MedicalCommand,
  state: AgencyState<MedicalRecord>,
  { now, actor }: { now: Date; actor: Actor },
): CaseEvent[] {
  const childId = agencyRules.involvedAgencyStep(state, actor, 'health');
  switch (command.type) {
    case 'RecordExamination':
      agencyRules.notFuture(now, command.data.examinedAt, 'examinedAt');
      if (state.own.examinations.includes(command.data.examinationId)) return [];
      return [{ type: 'MedicalExaminationRecorded', data: { ...command.data, childId } }];
    case 'RecordForensicExamination': {
      agencyRules.notFuture(now, command.data.examinedAt, 'examinedAt');
      const { investigationId } = command.data;
      if (investigationId && !state.base.caseState.investigations[investigationId])
        throw new ReferralRuleViolation(
          'no-such-investigation',
          'investigationId names no investigation of this case',
        );
      if (state.own.examinations.includes(command.data.examinationId)) return [];
      return [{ type: 'ForensicExaminationRecorded', data: { ...command.data, childId } }];
    }
    case 'RecordSupportSession':
      agencyRules.notFuture(now, command.data.sessionAt, 'sessionAt');
      if (command.data.sessionNumber <= state.own.lastSession)
        throw new ReferralRuleViolation(
          'session-order',
          `session ${state.own.lastSession} is recorded already; the next is ${state.own.lastSession + 1}`,
        );
      return [{ type: 'PsychologicalSupportSessionRecorded', data: { ...command.data, childId } }];
    case 'RecordRehabilitation':
      agencyRules.notFuture(now, command.data.recordedAt, 'recordedAt');
      return [{ type: 'RehabilitationRecorded', data: { ...command.data, childId } }];
    case 'Discharge':
      agencyRules.notFuture(now, command.data.dischargedAt, 'dischargedAt');
      if (state.own.examinations.length === 0)
        throw new ReferralRuleViolation('nothing-to-discharge', 'no examination is recorded for this child');
      if (state.own.discharged)
        throw new ReferralRuleViolation('discharged', 'the child is discharged already');
      return [{ type: 'MedicalDischarged', data: { ...command.data, childId } }];
  }
}

export const medicalDecider: CaseStreamDecider<MedicalCommand, AgencyState<MedicalRecord>> = {
  ...fold,
  decide,
};
