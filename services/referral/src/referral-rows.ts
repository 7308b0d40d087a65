import type { HandledEvent } from '@chungtay/messaging';

/** What a referral event changes in a read model's row of that referral (no personal data). */
export type ReferralRowChange =
  | {
      readonly kind: 'issued';
      readonly referralId: string;
      readonly toAgency: string;
      readonly urgency: string;
      readonly dueAt: string;
      readonly issuedAt: string;
    }
  | {
      readonly kind: 'updated';
      readonly referralId: string;
      readonly status?: string;
      readonly heldBy?: string;
      readonly escalated?: true;
      readonly outcome?: string;
    };

/**
 * The one reading of referral events that every referral list shares (the gateway's inboxes, the referral
 * service's escalation list, each agency's own inbox): each applies the change with its own SQL.
 */
export function referralRowChange(event: HandledEvent): ReferralRowChange | undefined {
  const updated = (
    referralId: string,
    change: Omit<Extract<ReferralRowChange, { kind: 'updated' }>, 'kind' | 'referralId'>,
  ) => ({ kind: 'updated', referralId, ...change }) as const;
  switch (event.type) {
    case 'ReferralIssued':
      return {
        kind: 'issued',
        referralId: event.data.referralId,
        toAgency: event.data.toAgency,
        urgency: event.data.urgency,
        dueAt: event.data.dueAt,
        issuedAt: event.data.issuedAt,
      };
    case 'ReferralClaimed':
      return updated(event.data.referralId, {
        status: 'CLAIMED',
        heldBy: event.recorded.metadata.actor.userId,
      });
    case 'ReferralAccepted':
      return updated(event.data.referralId, { status: 'ACCEPTED' });
    case 'ReferralStarted':
      return updated(event.data.referralId, { status: 'IN_PROGRESS' });
    case 'ReferralDeclined':
      return updated(event.data.referralId, { status: 'DECLINED' });
    case 'ReferralCompleted':
      return updated(event.data.referralId, { status: 'COMPLETED', outcome: event.data.outcome });
    case 'ReferralWithdrawn':
      return updated(event.data.referralId, { status: 'WITHDRAWN' });
    case 'ReferralEscalated':
      return updated(event.data.referralId, { escalated: true });
    default:
      return undefined;
  }
}

/** Applies a change to a table with the columns every referral list has (the SQL all three share). */
export async function applyReferralRowChange(
  transaction: { query(text: string, params?: readonly unknown[]): Promise<unknown> },
  table: string,
  caseId: string,
  change: ReferralRowChange,
): Promise<void> {
  if (change.kind === 'issued') {
    await transaction.query(
      `insert into ${table} (referral_id, case_id, to_agency, status, urgency, due_at, issued_at)
       values ($1, $2, $3, 'OFFERED', $4, $5, $6) on conflict do nothing`,
      [change.referralId, caseId, change.toAgency, change.urgency, change.dueAt, change.issuedAt],
    );
    return;
  }
  await transaction.query(
    `update ${table} set status = coalesce($2, status), held_by = coalesce($3, held_by),
       escalated = escalated or $4, outcome = coalesce($5, outcome) where referral_id = $1`,
    [
      change.referralId,
      change.status ?? null,
      change.heldBy ?? null,
      change.escalated === true,
      change.outcome ?? null,
    ],
  );
}

/** The columns of a referral list table. */
export const referralTableColumns = `referral_id text primary key, case_id text not null, to_agency text not null,
  status text not null, urgency text not null, due_at timestamptz not null, issued_at timestamptz not null,
  held_by text, escalated boolean not null default false, outcome text`;
