/**
 * Replaying the log on PostgreSQL and PGlite: a plan of shares (ranges of whole streams) and the read of one
 * share. Apart from the store so that a reader thread can load it with the driver alone and start quickly.
 */
import { checkShareCount, type ReplayedEvent, type ReplayShare } from '../port.ts';
import type { SqlExecutor } from './executor.ts';

/** A replayed row: stream, revision (text), type, schema version, data, metadata. */
type ReplayTuple = readonly [string, string, string, number, string, string];

const SQL_ADAPTER = 'sql';
/** About how many stream ids a replay plan samples to place its shares' bounds. */
const PLAN_SAMPLE_ROWS = 20_000;
/**
 * A replay share follows the primary key (stream, revision): rows stream out in order as the index is walked.
 * Left to itself the planner sorts a large range instead, which holds the share back until the sort ends;
 * the high costs of the settings below would also wake the JIT compiler for nothing.
 */
const FOLLOW_THE_STREAM_INDEX = {
  enable_sort: 'off',
  enable_seqscan: 'off',
  enable_bitmapscan: 'off',
  max_parallel_workers_per_gather: '0',
  jit: 'off',
} as const;

export async function planSqlReplay(executor: SqlExecutor, shares: number): Promise<ReplayShare[]> {
  checkShareCount(shares);
  // Only transactions below the oldest one still running are final (as for readAll): the replay covers
  // those, and nothing committed after this moment.
  const [plan] = await executor.query<{ pin: string; estimate: string | number }>(
    `select pg_snapshot_xmin(pg_current_snapshot())::text as pin,
            greatest(c.reltuples::bigint, pg_relation_size(c.oid) / 1024) as estimate
       from pg_class c where c.oid = 'chungtay.events'::regclass`,
  );
  if (!plan) throw new Error('chungtay.events is missing: migrate the store first');
  const whole: ReplayShare = { adapter: SQL_ADAPTER, pin: plan.pin };
  const estimate = Number(plan.estimate);
  if (shares === 1 || estimate === 0) return [whole];
  // Bounds from a sample of pages: shares of about equal events, each a range of whole streams.
  const percent = Math.min(100, (100 * PLAN_SAMPLE_ROWS) / estimate);
  const sample = await executor.queryTuples<readonly [string]>(
    `select stream_id from chungtay.events tablesample system (${percent.toFixed(6)}) order by stream_id`,
  );
  const bounds: string[] = [];
  for (let share = 1; share < shares; share++) {
    const bound = sample[Math.floor((sample.length * share) / shares)]?.[0];
    if (bound !== undefined && bound > (bounds.at(-1) ?? '')) bounds.push(bound);
  }
  return [undefined, ...bounds].map((fromStream, index) => ({
    ...whole,
    ...(fromStream === undefined ? {} : { fromStream }),
    ...(bounds[index] === undefined ? {} : { toStream: bounds[index] }),
  }));
}

export function replaySqlShare(
  executor: SqlExecutor,
  share: ReplayShare,
  onEvent: (event: ReplayedEvent) => void,
): Promise<number> {
  if (share.adapter !== SQL_ADAPTER)
    return Promise.reject(
      new TypeError(`a replay share planned by the ${share.adapter} adapter, not this one`),
    );
  // Bounds only where the share has them, as plain conditions, so they bound the index scan.
  const params: string[] = [share.pin];
  const bound = (operator: string, value: string | undefined) => {
    if (value === undefined) return '';
    params.push(value);
    return ` and stream_id ${operator} $${params.length}`;
  };
  // Aliased: an unaliased `stream_revision::text` would take the column's name, and ORDER BY would sort text.
  const text = `select stream_id, stream_revision::text as revision, event_type, schema_version, data, metadata
      from chungtay.events
     where transaction_id < $1::xid8${bound('>=', share.fromStream)}${bound('<', share.toStream)}
     order by stream_id, stream_revision`;
  return executor.streamTuples<ReplayTuple>(
    text,
    params,
    (row) =>
      onEvent({
        streamId: row[0],
        revision: Number(row[1]),
        type: row[2],
        schemaVersion: row[3],
        data: JSON.parse(row[4]),
        metadata: JSON.parse(row[5]),
      }),
    FOLLOW_THE_STREAM_INDEX,
  );
}
