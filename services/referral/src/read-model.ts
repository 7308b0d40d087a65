import type { EventHandler, ReadModelDatabase } from '@chungtay/messaging';
import type { Trigger } from './reactions.ts';
import { applyReferralRowChange, referralRowChange, referralTableColumns } from './referral-rows.ts';

export const REFERRAL_SCHEMA = 'referral_service';
export const REFERRAL_CONSUMER = 'referral-service';

/**
 * The referral service's own read model: open referrals with their due times (for escalation), and the
 * events it must react to (an outbox: the reaction appends to the store after this transaction commits).
 */
export class ReferralReadModel {
  constructor(private readonly db: ReadModelDatabase) {}

  async migrate(): Promise<void> {
    await this.db.query(`create schema if not exists ${REFERRAL_SCHEMA}`);
    await this.db.query(`create table if not exists ${REFERRAL_SCHEMA}.referrals (${referralTableColumns})`);
    await this.db.query(`create table if not exists ${REFERRAL_SCHEMA}.triggers (
      event_id text primary key, case_id text not null, trigger jsonb not null, done_at timestamptz)`);
  }

  readonly handle: EventHandler = async (event, transaction) => {
    const caseId = event.recorded.streamId.slice('case-'.length);
    const trigger = (value: Trigger) =>
      transaction.query(
        `insert into ${REFERRAL_SCHEMA}.triggers (event_id, case_id, trigger) values ($1, $2, $3) on conflict do nothing`,
        [value.eventId, caseId, JSON.stringify(value)],
      );
    const change = referralRowChange(event);
    if (change) {
      await applyReferralRowChange(transaction, `${REFERRAL_SCHEMA}.referrals`, caseId, change);
      return;
    }
    if (event.type === 'ReportReceived' && event.data.formsOfHarm.includes('SEXUAL_ABUSE'))
      await trigger({
        eventId: event.recorded.id,
        caseId,
        type: 'SexualAbuseReported',
        receivedAt: event.data.receivedAt,
      });
    if (event.type === 'SupportPlanApproved')
      await trigger({
        eventId: event.recorded.id,
        caseId,
        type: 'SupportPlanApproved',
        planId: event.data.planId,
      });
  };

  /** Unanswered referrals past due and not escalated yet. */
  async overdue(now: Date, limit = 100): Promise<Array<{ caseId: string; referralId: string }>> {
    const { rows } = await this.db.query<{ case_id: string; referral_id: string }>(
      `select case_id, referral_id from ${REFERRAL_SCHEMA}.referrals
        where status in ('OFFERED', 'CLAIMED') and not escalated and due_at < $1 order by due_at limit $2`,
      [now.toISOString(), limit],
    );
    return rows.map((row) => ({ caseId: row.case_id, referralId: row.referral_id }));
  }

  async pendingTriggers(limit = 100): Promise<Trigger[]> {
    const { rows } = await this.db.query<{ trigger: Trigger | string }>(
      `select trigger from ${REFERRAL_SCHEMA}.triggers where done_at is null order by event_id limit $1`,
      [limit],
    );
    return rows.map((row) =>
      typeof row.trigger === 'string' ? (JSON.parse(row.trigger) as Trigger) : row.trigger,
    );
  }

  async triggerDone(eventId: string): Promise<void> {
    await this.db.query(`update ${REFERRAL_SCHEMA}.triggers set done_at = now() where event_id = $1`, [
      eventId,
    ]);
  }
}
