import type { EventHandler, ReadModelDatabase } from '@chungtay/messaging';
import type { Trigger } from './reactions.ts';
import { applyReferralRowChange, referralRowChange, referralTableColumns } from './referral-rows.ts';

export const REFERRAL_SCHEMA = 'referral_service';
export const REFERRAL_CONSUMER = 'referral-service';
/** How often a reaction is tried before it is set aside for an operator. */
export const TRIGGER_ATTEMPTS = 5;

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
    // A reaction that fails is tried again later, and after TRIGGER_ATTEMPTS failures set aside for an
    // operator (failed_at, failure): one bad trigger never stops the others.
    await this.db.query(`alter table ${REFERRAL_SCHEMA}.triggers
      add column if not exists attempts int not null default 0,
      add column if not exists next_attempt_at timestamptz,
      add column if not exists failed_at timestamptz,
      add column if not exists failure text`);
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

  /** Triggers to react to now: not done, not set aside, and not waiting for a later try. */
  async pendingTriggers(now: Date, limit = 100): Promise<Trigger[]> {
    const { rows } = await this.db.query<{ trigger: Trigger | string }>(
      `select trigger from ${REFERRAL_SCHEMA}.triggers
        where done_at is null and failed_at is null and (next_attempt_at is null or next_attempt_at <= $1)
        order by event_id limit $2`,
      [now.toISOString(), limit],
    );
    return rows.map((row) =>
      typeof row.trigger === 'string' ? (JSON.parse(row.trigger) as Trigger) : row.trigger,
    );
  }

  /**
   * A reaction failed: tried again after 2^attempts seconds (from 2 s to about a minute), and set aside
   * after TRIGGER_ATTEMPTS failures. The reason names the error, never the case's content.
   */
  async triggerFailed(eventId: string, reason: string, now: Date): Promise<'retry' | 'set-aside'> {
    const { rows } = await this.db.query<{ attempts: number }>(
      `update ${REFERRAL_SCHEMA}.triggers
          set attempts = attempts + 1, failure = $2,
              next_attempt_at = $3::timestamptz + make_interval(secs => power(2, attempts + 1)),
              failed_at = case when attempts + 1 >= $4 then $3::timestamptz end
        where event_id = $1 returning attempts`,
      [eventId, reason.slice(0, 500), now.toISOString(), TRIGGER_ATTEMPTS],
    );
    return Number(rows[0]?.attempts ?? TRIGGER_ATTEMPTS) >= TRIGGER_ATTEMPTS ? 'set-aside' : 'retry';
  }

  /** The reactions set aside after failing: the operator's list (`/metrics`, `chungtay referrals failed`). */
  async failedTriggers(): Promise<
    Array<{ eventId: string; caseId: string; type: Trigger['type']; attempts: number; failure: string }>
  > {
    const { rows } = await this.db.query<{
      event_id: string;
      case_id: string;
      trigger: Trigger | string;
      attempts: number;
      failure: string;
    }>(
      `select event_id, case_id, trigger, attempts, failure from ${REFERRAL_SCHEMA}.triggers
        where failed_at is not null and done_at is null order by failed_at`,
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      caseId: row.case_id,
      type: (typeof row.trigger === 'string' ? (JSON.parse(row.trigger) as Trigger) : row.trigger).type,
      attempts: Number(row.attempts),
      failure: row.failure,
    }));
  }

  /** An operator's retry of a set-aside trigger (after fixing its cause): pending again, from zero. */
  async retryTrigger(eventId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `update ${REFERRAL_SCHEMA}.triggers set attempts = 0, next_attempt_at = null, failed_at = null
        where event_id = $1 and done_at is null returning 1 as retried`,
      [eventId],
    );
    return rows.length > 0;
  }

  async triggerDone(eventId: string): Promise<void> {
    await this.db.query(`update ${REFERRAL_SCHEMA}.triggers set done_at = now() where event_id = $1`, [
      eventId,
    ]);
  }
}
