import { type CaseState, caseFactsOf, type Deadline, evolve, initialCaseState } from '@chungtay/case';
import { isCaseEvent } from '@chungtay/contracts';
import type { RecordedEvent } from '@chungtay/event-store';
import type { EventHandler, ReadModelDatabase } from '@chungtay/messaging';
import type { CaseFacts, CaseScope } from '@chungtay/policy';
import { applyReferralRowChange, referralRowChange, referralTableColumns } from '@chungtay/referral';

/** The gateway's own schema: its read models and its consumer's positions. */
export const GATEWAY_SCHEMA = 'gateway';
export const CASE_QUEUE_CONSUMER = 'gateway-case-queue';

/** One case as the work queues list it: no personal data, only what ordering and the policy need. */
export interface QueuedCase {
  readonly caseId: string;
  readonly communeCode: string | null;
  readonly status: string;
  readonly revision: number;
  readonly state: CaseState;
  /** The earliest legal deadline not yet met: what the queue is ordered by. */
  readonly nextDueAt: Date | null;
  readonly nextDueKind: string | null;
  /** An event of this case could not be applied: the row is behind the timeline and says so. */
  readonly stale: boolean;
}

interface CaseRow {
  case_id: string;
  commune_code: string | null;
  status: string;
  revision: string | number;
  state: CaseState | string;
  next_due_at: Date | string | null;
  next_due_kind: string | null;
  stale: boolean | null;
}

/** A row folded before a field was added to the case's state reads with that field's initial value. */
const withDefaults = (state: CaseState): CaseState => Object.assign(initialCaseState(), state);

const fromRow = (row: CaseRow): QueuedCase => ({
  caseId: row.case_id,
  communeCode: row.commune_code,
  status: row.status,
  revision: Number(row.revision),
  // A row folded before involvement by unit has no parties (decision 0044), and none until it is rebuilt.
  state: withDefaults(typeof row.state === 'string' ? (JSON.parse(row.state) as CaseState) : row.state),
  nextDueAt: row.next_due_at === null ? null : new Date(row.next_due_at),
  nextDueKind: row.next_due_kind,
  stale: row.stale === true,
});

/** One referral as an inbox lists it. */
export interface InboxReferral {
  readonly referralId: string;
  readonly caseId: string;
  readonly toAgency: string;
  readonly status: string;
  readonly urgency: string;
  readonly dueAt: Date;
  readonly issuedAt: Date;
  readonly heldBy: string | null;
  readonly escalated: boolean;
  readonly outcome: string | null;
}

interface InboxRow {
  referral_id: string;
  case_id: string;
  to_agency: string;
  status: string;
  urgency: string;
  due_at: Date | string;
  issued_at: Date | string;
  held_by: string | null;
  escalated: boolean;
  outcome: string | null;
}

export interface QueuePage {
  readonly limit: number;
  readonly offset: number;
  readonly status?: string;
  /** Part of a case number, as people say it ("0042", "21583-2026-0042"). */
  readonly caseNumber?: string;
  /** Form 01's category. */
  readonly category?: string;
  /** One of the report's forms of harm. */
  readonly formOfHarm?: string;
  /** The reader's own cases (the officer managing them), or those nobody manages yet (decision 0057). */
  readonly manager?: { readonly mine: string } | 'UNASSIGNED';
}

/**
 * The work queues' read model: each case's state folded by the case service's own `evolve`, and its next
 * deadline by the same deadline rules, so the queue never holds a second copy of the law.
 */
/** The reader's scope (the policy's, as SQL: decisions 0044, 0058) and the queue's filters, $1–$13. */
const SCOPE_AND_FILTERS = `($1::boolean or c.commune_code = any($2::text[]) or c.involved_agencies && $3::text[]
            or c.involved_parties && $4::text[]
            or (c.commune_code = any($5::text[]) and c.involved_parties && $6::text[])
            or c.state->'transfer'->>'toCommuneCode' = any($13::text[]))
          and ($7::text is null or c.status = $7)
          and ($8::text is null or strpos(c.state->>'caseNumber', $8) > 0)
          and ($9::text is null or c.state->>'category' = $9)
          and ($10::text is null or c.state->'formsOfHarm' ? $10)
          and (not $11::boolean or c.state->>'manager' is null)
          and ($12::text is null or c.state->>'manager' = $12)`;

const scopeAndFilters = (scope: CaseScope, page: QueuePage) => [
  scope.everything,
  scope.everything ? [] : [...scope.communes],
  scope.everything ? [] : [...scope.involving],
  scope.everything ? [] : [...scope.parties],
  scope.everything ? [] : [...scope.unaddressed.communes],
  scope.everything ? [] : [...scope.unaddressed.parties],
  page.status ?? null,
  page.caseNumber?.trim() || null,
  page.category ?? null,
  page.formOfHarm ?? null,
  page.manager === 'UNASSIGNED',
  typeof page.manager === 'object' ? page.manager.mine : null,
  scope.everything ? [] : [...scope.receiving],
];

export class CaseQueue {
  /**
   * The facts of each case as its last event left them, kept from the handler until that event committed:
   * the live notices' reach (`takeFacts`), with no read of its own. A rolled-back event's entry is replaced
   * when it is applied again.
   */
  private readonly applied = new Map<string, { readonly revision: number; readonly facts: CaseFacts }>();

  constructor(
    private readonly db: ReadModelDatabase,
    private readonly deadlinesOf: (state: CaseState) => Deadline[],
  ) {}

  async migrate(): Promise<void> {
    await this.db.query(`create schema if not exists ${GATEWAY_SCHEMA}`);
    await this.db.query(`create table if not exists ${GATEWAY_SCHEMA}.cases (
      case_id text primary key, commune_code text, status text not null, revision bigint not null,
      state jsonb not null, next_due_at timestamptz, next_due_kind text,
      involved_agencies text[] not null default '{}', updated_at timestamptz not null)`);
    // Involvement by unit (decision 0044); a queue made before it is rebuilt from the log to fill it.
    await this.db.query(
      `alter table ${GATEWAY_SCHEMA}.cases add column if not exists involved_parties text[] not null default '{}'`,
    );
    await this.db.query(
      `create index if not exists cases_by_commune on ${GATEWAY_SCHEMA}.cases (commune_code, next_due_at)`,
    );
    await this.db.query(`create table if not exists ${GATEWAY_SCHEMA}.referrals (${referralTableColumns})`);
    await this.db.query(
      `create index if not exists referrals_by_agency on ${GATEWAY_SCHEMA}.referrals (to_agency, status, due_at)`,
    );
  }

  /**
   * A referral list, the nearest due first: an agency's inbox (referrals to it), the province's (escalated
   * ones), or a commune's outbox (referrals on its cases, to follow what it sent).
   */
  async inbox(
    reader:
      | { readonly kind: 'to-agency'; readonly agency: string }
      | { readonly kind: 'escalated' }
      | { readonly kind: 'issued-in'; readonly communes: readonly string[] },
    page: QueuePage,
  ): Promise<InboxReferral[]> {
    const { rows } = await this.db.query<InboxRow>(
      `select r.referral_id, r.case_id, r.to_agency, r.status, r.urgency, r.due_at, r.issued_at, r.held_by,
              r.escalated, r.outcome
         from ${GATEWAY_SCHEMA}.referrals r left join ${GATEWAY_SCHEMA}.cases c using (case_id)
        where case $1::text when 'escalated' then r.escalated
                            when 'issued-in' then c.commune_code = any($3::text[])
                            else r.to_agency = $2 end
          and ($4::text is null or r.status = $4)
        order by r.due_at, r.referral_id limit $5 offset $6`,
      [
        reader.kind,
        reader.kind === 'to-agency' ? reader.agency : null,
        reader.kind === 'issued-in' ? [...reader.communes] : [],
        page.status ?? null,
        page.limit,
        page.offset,
      ],
    );
    return rows.map((row) => ({
      referralId: row.referral_id,
      caseId: row.case_id,
      toAgency: row.to_agency,
      status: row.status,
      urgency: row.urgency,
      dueAt: new Date(row.due_at),
      issuedAt: new Date(row.issued_at),
      heldBy: row.held_by,
      escalated: row.escalated,
      outcome: row.outcome,
    }));
  }

  /** Folds one case event into its row; other events are not this read model's. */
  readonly handle: EventHandler = async (event, transaction) => {
    if (!isCaseEvent(event) || !event.recorded.streamId.startsWith('case-')) return;
    const caseId = event.recorded.streamId.slice('case-'.length);
    const referral = referralRowChange(event);
    if (referral) await applyReferralRowChange(transaction, `${GATEWAY_SCHEMA}.referrals`, caseId, referral);
    const { rows } = await transaction.query<Pick<CaseRow, 'state'>>(
      `select state from ${GATEWAY_SCHEMA}.cases where case_id = $1 for update`,
      [caseId],
    );
    const before = rows[0] ? fromRow({ ...(rows[0] as CaseRow), revision: 0 }).state : initialCaseState();
    const state = evolve(before, event, event.recorded.metadata.actor);
    this.applied.set(caseId, { revision: event.recorded.revision, facts: caseFactsOf(state) });
    const next = this.deadlinesOf(state)
      .filter((deadline) => deadline.metAt === undefined)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    await transaction.query(
      `insert into ${GATEWAY_SCHEMA}.cases
         (case_id, commune_code, status, revision, state, next_due_at, next_due_kind, involved_agencies,
          involved_parties, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (case_id) do update set commune_code = excluded.commune_code, status = excluded.status,
         revision = excluded.revision, state = excluded.state, next_due_at = excluded.next_due_at,
         next_due_kind = excluded.next_due_kind, involved_agencies = excluded.involved_agencies,
         involved_parties = excluded.involved_parties, updated_at = excluded.updated_at`,
      [
        caseId,
        state.communeCode ?? null,
        state.status,
        event.recorded.revision,
        JSON.stringify(state),
        next?.dueAt ?? null,
        next?.kind ?? null,
        [...state.involvedAgencies],
        [...state.involvedParties],
        event.recorded.recordedAt,
      ],
    );
  };

  /** The facts a committed case event left its case with (once; undefined for any other event). */
  takeFacts(recorded: RecordedEvent): CaseFacts | undefined {
    if (!recorded.streamId.startsWith('case-')) return undefined;
    const caseId = recorded.streamId.slice('case-'.length);
    const entry = this.applied.get(caseId);
    if (entry?.revision !== recorded.revision) return undefined;
    this.applied.delete(caseId);
    return entry.facts;
  }

  private readonly selectColumns = `select c.case_id, c.commune_code, c.status, c.revision, c.state,
      c.next_due_at, c.next_due_kind, s.stale
    from ${GATEWAY_SCHEMA}.cases c
    left join ${GATEWAY_SCHEMA}.consumer_streams s
      on s.consumer = '${CASE_QUEUE_CONSUMER}' and s.stream_id = 'case-' || c.case_id`;

  /** A page of the cases in a reader's scope, the most urgent deadline first: one query. */
  async page(scope: CaseScope, page: QueuePage): Promise<QueuedCase[]> {
    const { rows } = await this.db.query<CaseRow>(
      `${this.selectColumns}
        where ${SCOPE_AND_FILTERS}
        order by c.next_due_at asc nulls last, c.case_id
        limit $14 offset $15`,
      [...scopeAndFilters(scope, page), page.limit, page.offset],
    );
    return rows.map(fromRow);
  }

  /** How many cases of the reader's scope are in each status, with the same filters as `page` but status. */
  async counts(scope: CaseScope, filters: Omit<QueuePage, 'limit' | 'offset' | 'status'>) {
    const { rows } = await this.db.query<{ status: string; n: string }>(
      `select c.status, count(*)::text as n from ${GATEWAY_SCHEMA}.cases c
        where ${SCOPE_AND_FILTERS} group by c.status`,
      scopeAndFilters(scope, { ...filters, limit: 0, offset: 0 }),
    );
    return rows.map((row) => ({ status: row.status, count: Number(row.n) }));
  }

  /**
   * A commune's cases received in a period (`receivedAt` in [from, to)), with their referrals still unanswered
   * at `now`: what a compliance report of the commune reads, in two queries.
   */
  async ofCommune(
    communeCode: string,
    period: { readonly from?: Date; readonly to?: Date },
    now: Date,
  ): Promise<Array<QueuedCase & { readonly unansweredReferrals: number }>> {
    const { rows } = await this.db.query<CaseRow>(
      `${this.selectColumns}
        where c.commune_code = $1
          and ($2::timestamptz is null or (c.state->>'receivedAt')::timestamptz >= $2)
          and ($3::timestamptz is null or (c.state->>'receivedAt')::timestamptz < $3)
        order by c.case_id`,
      [communeCode, period.from?.toISOString() ?? null, period.to?.toISOString() ?? null],
    );
    const unanswered = await this.db.query<{ case_id: string; n: string }>(
      `select case_id, count(*)::text as n from ${GATEWAY_SCHEMA}.referrals
        where case_id = any($1::text[]) and status in ('OFFERED', 'CLAIMED') and due_at < $2 group by case_id`,
      [rows.map((row) => row.case_id), now.toISOString()],
    );
    const counts = new Map(unanswered.rows.map((row) => [row.case_id, Number(row.n)]));
    return rows.map((row) => ({ ...fromRow(row), unansweredReferrals: counts.get(row.case_id) ?? 0 }));
  }

  /** Cases by id (those the read model knows), in one query. */
  async byIds(caseIds: readonly string[]): Promise<Map<string, QueuedCase>> {
    const { rows } = await this.db.query<CaseRow>(`${this.selectColumns} where c.case_id = any($1::text[])`, [
      [...caseIds],
    ]);
    return new Map(rows.map((row) => [row.case_id, fromRow(row)]));
  }
}
