import type { Agency } from '@chungtay/event-store';
import type { EventHandler, ReadModelDatabase } from '@chungtay/messaging';
import { applyReferralRowChange, referralRowChange, referralTableColumns } from './referral-rows.ts';

export interface InboxEntry {
  readonly referralId: string;
  readonly caseId: string;
  readonly status: string;
  readonly urgency: string;
  readonly dueAt: string;
  readonly heldBy: string | null;
  readonly escalated: boolean;
  readonly outcome: string | null;
}

/** An agency service's own inbox: the referrals to its agency, in its own schema, fed by the consumer kit. */
export class AgencyInbox {
  constructor(
    private readonly db: ReadModelDatabase,
    private readonly schema: string,
    private readonly agency: Agency,
  ) {}

  private get table() {
    return `${this.schema}.inbox`;
  }

  async migrate(): Promise<void> {
    await this.db.query(`create schema if not exists ${this.schema}`);
    await this.db.query(`create table if not exists ${this.table} (${referralTableColumns})`);
  }

  readonly handle: EventHandler = async (event, transaction) => {
    const change = referralRowChange(event);
    // Only referrals to this agency enter; later changes touch only rows that are there.
    if (!change || (change.kind === 'issued' && change.toAgency !== this.agency)) return;
    await applyReferralRowChange(
      transaction,
      this.table,
      event.recorded.streamId.slice('case-'.length),
      change,
    );
  };

  async list(status?: string, limit = 100): Promise<InboxEntry[]> {
    const { rows } = await this.db.query<{
      referral_id: string;
      case_id: string;
      status: string;
      urgency: string;
      due_at: Date | string;
      held_by: string | null;
      escalated: boolean;
      outcome: string | null;
    }>(
      `select referral_id, case_id, status, urgency, due_at, held_by, escalated, outcome from ${this.table}
        where ($1::text is null or status = $1) order by due_at, referral_id limit $2`,
      [status ?? null, limit],
    );
    return rows.map((row) => ({
      referralId: row.referral_id,
      caseId: row.case_id,
      status: row.status,
      urgency: row.urgency,
      dueAt: new Date(row.due_at).toISOString(),
      heldBy: row.held_by,
      escalated: row.escalated,
      outcome: row.outcome,
    }));
  }
}
