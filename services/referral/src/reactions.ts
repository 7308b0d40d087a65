import { createHash } from 'node:crypto';
import { addHours } from '@chungtay/calendar';
import type { CaseState } from '@chungtay/case';
import type { ReferralCommand } from './referrals.ts';

/** A UUID derived from what caused it, so a redelivered event issues the same referral (a no-op), never a second. */
export function derivedUuid(...parts: readonly string[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80; // version 8: custom
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An event the platform reacts to, as the consumer noted it (the reaction runs outside its transaction). */
export type Trigger =
  | {
      readonly eventId: string;
      readonly caseId: string;
      readonly type: 'SexualAbuseReported';
      readonly receivedAt: string;
    }
  | {
      readonly eventId: string;
      readonly caseId: string;
      readonly type: 'SupportPlanApproved';
      readonly planId: string;
    };

export type IssueReferral = Extract<ReferralCommand, { type: 'IssueReferral' }>;

/**
 * What the platform does by itself. Pure: the trigger and the case's state.
 * - A report of sexual abuse notifies the police by a referral, due within 12 hours (the emergency window of
 *   D56 Art. 26; the law names no deadline for notifying the police: decision 0023).
 * - An approved plan issues a referral for every task another agency carries out, due on the task's due date.
 */
export function reactionsTo(trigger: Trigger, caseState: CaseState): IssueReferral[] {
  if (trigger.type === 'SexualAbuseReported') {
    return [
      {
        type: 'IssueReferral',
        data: {
          referralId: derivedUuid(trigger.eventId, 'police-notification'),
          toAgency: 'police',
          reason: 'Thông báo tin báo xâm hại tình dục trẻ em để cơ quan công an xác minh, xử lý.',
          urgency: 'IMMEDIATE',
          dueAt: addHours(new Date(trigger.receivedAt), 12).toISOString(),
          sharingBasis: 'LEGAL_DUTY',
          source: 'SEXUAL_ABUSE_REPORT',
        },
      },
    ];
  }
  // A plan replaced since (re-planned) issues nothing: its successor's approval issues its own referrals.
  const plan = caseState.plan?.planId === trigger.planId ? caseState.plan : undefined;
  return (plan?.tasks ?? []).flatMap((task): IssueReferral[] =>
    task.responsibleAgency === 'commune' ||
    task.responsibleAgency === 'system' ||
    task.responsibleAgency === 'hotline'
      ? []
      : [
          {
            type: 'IssueReferral',
            data: {
              referralId: derivedUuid(trigger.eventId, task.taskId),
              toAgency: task.responsibleAgency,
              ...(task.responsibleUnit ? { toUnit: task.responsibleUnit } : {}),
              reason: 'Thực hiện nhiệm vụ trong kế hoạch hỗ trợ, can thiệp đã được phê duyệt (Mẫu số 05).',
              urgency: 'ROUTINE',
              dueAt: new Date(`${task.dueDate}T17:00:00+07:00`).toISOString(),
              sharingBasis: 'LEGAL_DUTY',
              source: 'PLAN_TASK',
              taskId: task.taskId,
            },
          },
        ],
  );
}
