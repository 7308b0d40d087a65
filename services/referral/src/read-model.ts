import type { EventHandler, ReadModelDatabase } from '@chungtay/messaging';
import type { Trigger } from './reactions.ts';

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
    await this.db.query(`create table if not exists ${REFERRAL_SCHEMA}.referrals (
      referral_id text primary key, case_id text not null, to_agency text not null, status text not null,
      due_at timestamptz not null, escalated boolean not null default false)`);
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
    const status = (referralId: string, value: string) =>
      transaction.query(`update ${REFERRAL_SCHEMA}.referrals set status = $2 where referral_id = $1`, [
        referralId,
        value,
      ]);
    switch (event.type) {
      case 'ReportReceived':
        if (event.data.formsOfHarm.includes('SEXUAL_ABUSE'))
          await trigger({
            eventId: event.recorded.id,
            caseId,
            type: 'SexualAbuseReported',
            receivedAt: event.data.receivedAt,
          });
        return;
      case 'SupportPlanApproved':
        await trigger({
          eventId: event.recorded.id,
          caseId,
          type: 'SupportPlanApproved',
          planId: event.data.planId,
        });
        return;
      case 'ReferralIssued':
        await transaction.query(
          `insert into ${REFERRAL_SCHEMA}.referrals (referral_id, case_id, to_agency, status, due_at)
           values ($1, $2, $3, 'OFFERED', $4) on conflict do nothing`,
          [event.data.referralId, caseId, event.data.toAgency, event.data.dueAt],
        );
        return;
      case 'ReferralClaimed':
        return void (await status(event.data.referralId, 'CLAIMED'));
      case 'ReferralAccepted':
        return void (await status(event.data.referralId, 'ACCEPTED'));
      case 'ReferralStarted':
        return void (await status(event.data.referralId, 'IN_PROGRESS'));
      case 'ReferralDeclined':
        return void (await status(event.data.referralId, 'DECLINED'));
      case 'ReferralCompleted':
        return void (await status(event.data.referralId, 'COMPLETED'));
      case 'ReferralWithdrawn':
        return void (await status(event.data.referralId, 'WITHDRAWN'));
      case 'ReferralEscalated':
        await transaction.query(
          `update ${REFERRAL_SCHEMA}.referrals set escalated = true where referral_id = $1`,
          [event.data.referralId],
        );
        return;
      default:
        return;
    }
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
