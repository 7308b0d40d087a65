import { decideAppend } from '../append-decision.ts';
import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedVersionError } from '../errors.ts';
import { type ChainedRecord, verifyChain } from '../hash-chain.ts';
import { PollingSubscription } from '../polling-subscription.ts';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  ReplayedEvent,
  ReplayShare,
  StreamIntegrity,
  SubscribeToAllOptions,
  Subscription,
} from '../port.ts';
import { START } from '../port.ts';
import { validateAppend } from '../validate-append.ts';
import type { SqlExecutor } from './executor.ts';
import { planSqlReplay, replaySqlShare } from './replay.ts';
import { grantApplicationRoleSql, schemaSql } from './schema.ts';

/** An event row in the order of `columns`: id, type, schema version, data, metadata, stream, revision, commit,
 * prepare, recorded (ms), previous hash, hash. int8 columns come as text. */
type EventTuple = readonly [
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

interface AppendRow {
  outcome: 'appended' | 'wrong_expected_revision';
  // int8 columns: pg returns strings, PGlite numbers.
  last_revision: string | number | null;
  commit_position: string | null;
  prepare_position: string | null;
  actual_revision: string | number | null;
}

interface StoredIdRow {
  id: string;
  revision: string;
  commit: string;
  prepare: string;
}

const isDuplicateIdViolation = (error: unknown): boolean =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  /events_stream_id_event_id_key/.test(
    `${(error as { constraint?: string }).constraint} ${(error as Error).message}`,
  );

const columns = `event_id::text as id, event_type as type, schema_version, data, metadata, stream_id,
  stream_revision::text as revision, transaction_id::text as commit, global_position::text as prepare,
  (extract(epoch from recorded_at) * 1000)::bigint::text as recorded_ms,
  encode(previous_hash, 'hex') as previous_hash, encode(hash, 'hex') as hash`;

const expectedCode = (expected: ExpectedRevision): number =>
  expected === 'any' ? -1 : expected === 'no_stream' ? -2 : expected === 'stream_exists' ? -3 : expected;

const toRecorded = (row: EventTuple): RecordedEvent => ({
  id: row[0],
  type: row[1],
  schemaVersion: row[2],
  data: JSON.parse(row[3]),
  metadata: JSON.parse(row[4]),
  streamId: row[5],
  revision: Number(row[6]),
  position: { commit: BigInt(row[7]), prepare: BigInt(row[8]) },
  recordedAt: new Date(Number(row[9])),
  previousHash: row[10],
  hash: row[11],
});

const toChained = (row: EventTuple): ChainedRecord => ({
  streamId: row[5],
  revision: Number(row[6]),
  eventId: row[0],
  type: row[1],
  schemaVersion: row[2],
  recordedAtMs: Number(row[9]),
  dataText: row[3],
  metadataText: row[4],
  previousHash: row[10],
  hash: row[11],
});

export interface SqlEventStoreOptions {
  /** Create or update the schema on open (default true). */
  readonly migrate?: boolean;
  /** Grant this role the application's privileges (read, append through the function, nothing else). */
  readonly applicationRole?: string;
  readonly idlePollMs?: number;
}

/** The event store on PostgreSQL or PGlite: same SQL, same guarantees. */
export class SqlEventStore implements EventStore {
  private constructor(
    readonly executor: SqlExecutor,
    private readonly options: SqlEventStoreOptions,
  ) {}

  static async open(executor: SqlExecutor, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    if (options.migrate ?? true) await migrate(executor, options.applicationRole);
    return new SqlEventStore(executor, options);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    let row: AppendRow | undefined;
    try {
      [row] = await this.executor.query<AppendRow>(
        'select * from chungtay.append($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[])',
        [
          streamId,
          expectedCode(expected),
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => event.schemaVersion),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
        ],
        'chungtay_append',
      );
    } catch (error) {
      if (isDuplicateIdViolation(error)) return this.resolveConflict(streamId, events, expected);
      throw error;
    }
    if (!row) throw new Error('chungtay.append returned no row');
    if (row.outcome === 'wrong_expected_revision') return this.resolveConflict(streamId, events, expected);
    this.signalAppended();
    return {
      nextExpectedRevision: Number(row.last_revision),
      position: { commit: BigInt(row.commit_position ?? 0), prepare: BigInt(row.prepare_position ?? 0) },
      idempotent: false,
    };
  }

  /**
   * The rare path, after the append function refused: is this a retry of events already stored (success,
   * with their original positions), a stale writer, or a clash of ids? Stored events never change, so
   * reading them now gives the same answer the append would have.
   */
  private async resolveConflict(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.id);
    const stored = await this.executor.query<StoredIdRow>(
      `select event_id::text as id, stream_revision::text as revision, transaction_id::text as commit,
              global_position::text as prepare
         from chungtay.events where stream_id = $1 and event_id = any($2::uuid[])`,
      [streamId, ids],
    );
    const byId = new Map(stored.map((row) => [row.id, row]));
    const head = await this.streamRevision(streamId);
    const decision = decideAppend(expected, head, ids, (id) => {
      const found = byId.get(id);
      return found ? Number(found.revision) : undefined;
    });
    switch (decision.kind) {
      case 'idempotent': {
        const last = byId.get(ids[ids.length - 1] as string) as StoredIdRow;
        return {
          nextExpectedRevision: decision.lastRevision,
          position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
          idempotent: true,
        };
      }
      case 'duplicate_event_id':
        throw new DuplicateEventIdError(streamId, decision.eventIds);
      case 'wrong_expected_revision':
        throw new WrongExpectedVersionError(streamId, expected, decision.actual);
      case 'append':
        // The head moved between the refusal and this read (the refusal was right when it was made).
        throw new WrongExpectedVersionError(streamId, expected, head);
    }
  }

  /**
   * Wakes subscribers after a commit. At most one NOTIFY is in flight per store; appends that land meanwhile
   * are covered by one more. A lost signal only delays a subscriber until its next idle poll.
   */
  private notifying = false;
  private notifyAgain = false;
  private signalAppended(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    const send = (): void => {
      this.notifyAgain = false;
      this.executor
        .notifyAppended()
        .catch(() => undefined)
        .finally(() => {
          if (this.notifyAgain && !this.closed) send();
          else this.notifying = false;
        });
    };
    send();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const rows = await this.executor.queryTuples<EventTuple>(
      `select ${columns} from chungtay.events
        where stream_id = $1 and ($2::bigint is null or stream_revision ${backwards ? '<=' : '>='} $2)
        order by stream_revision ${backwards ? 'desc' : 'asc'} limit $3`,
      [streamId, options.fromRevision ?? null, options.maxCount ?? null],
    );
    if (rows.length === 0 && (await this.streamRevision(streamId)) === undefined) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecorded);
  }

  async readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    if (streamIds.length === 0) return streams;
    const wanted = [...new Set(streamIds)];
    const rows = await this.executor.queryTuples<EventTuple>(
      `select ${columns} from chungtay.events
         join unnest($1::text[], $2::bigint[]) as wanted(stream_id, from_revision) using (stream_id)
        where stream_revision >= wanted.from_revision
        order by stream_id, stream_revision`,
      [wanted, wanted.map((streamId) => options.fromRevisions?.get(streamId) ?? 0)],
      // Prepared once per connection: the gateway asks this on every read of a case.
      'chungtay_read_streams',
    );
    for (const row of rows) {
      const event = toRecorded(row);
      const events = streams.get(event.streamId);
      if (events) events.push(event);
      else streams.set(event.streamId, [event]);
    }
    return streams;
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const [row] = await this.executor.query<{ revision: string | null }>(
      'select max(stream_revision)::text as revision from chungtay.events where stream_id = $1',
      [streamId],
    );
    return row?.revision == null ? undefined : Number(row.revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    // Only transactions below the oldest one still running are final: nothing can commit behind them.
    const rows = await this.executor.queryTuples<EventTuple>(
      `select ${columns} from chungtay.events
        where (transaction_id, global_position) > ($1::xid8, $2::bigint)
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by transaction_id, global_position limit $3`,
      [after.commit.toString(), after.prepare.toString(), options.maxCount ?? 1000],
      'chungtay_read_all',
    );
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return new PollingSubscription(
      { readAll: (read) => this.readAll(read), listenForAppends: (fn) => this.executor.listenForAppends(fn) },
      { ...options, idlePollMs: this.options.idlePollMs },
    );
  }

  planReplay(shares: number): Promise<ReplayShare[]> {
    return planSqlReplay(this.executor, shares);
  }

  replayShare(share: ReplayShare, onEvent: (event: ReplayedEvent) => void): Promise<number> {
    return replaySqlShare(this.executor, share, onEvent);
  }

  async verifyStream(streamId: string): Promise<StreamIntegrity> {
    const rows = await this.executor.queryTuples<EventTuple>(
      `select ${columns} from chungtay.events where stream_id = $1 order by stream_revision`,
      [streamId],
    );
    if (rows.length === 0) throw new StreamNotFoundError(streamId);
    return verifyChain(streamId, rows.map(toChained));
  }

  private closed = false;

  async close(): Promise<void> {
    this.closed = true;
    await this.executor.close();
  }
}

/**
 * Creates or updates the store's schema. Services starting side by side all migrate: the script runs as one
 * transaction (one simple query) behind an advisory lock, so two never interleave their DDL (they
 * deadlocked on `create or replace function` in a topology start).
 */
export async function migrate(executor: SqlExecutor, applicationRole?: string): Promise<void> {
  await executor.exec(`select pg_advisory_xact_lock(7007, 3);\n${schemaSql}`);
  if (applicationRole) await executor.exec(grantApplicationRoleSql(applicationRole));
}
