/**
 * The event store's schema, one script for PostgreSQL and PGlite. Idempotent: run on every start.
 *
 * Ordering: `transaction_id` is the writer's xid8 and `global_position` an identity taken at insert.
 * Readers see only rows whose transaction is below the oldest running one (`pg_snapshot_xmin`), in
 * (transaction_id, global_position) order, so a transaction that commits late can never be skipped.
 * `append` takes the stream's advisory lock before the transaction gets its xid, so within a stream
 * xid order is revision order. See docs/event-store.md.
 */
export const schemaSql = `
create schema if not exists chungtay;

create table if not exists chungtay.events (
  transaction_id  xid8        not null,
  global_position bigint      generated always as identity,
  stream_id       text        not null,
  stream_revision bigint      not null,
  event_id        uuid        not null,
  event_type      text        not null,
  schema_version  integer     not null,
  data            text        not null,
  metadata        text        not null,
  recorded_at     timestamptz not null,
  previous_hash   bytea       not null,
  hash            bytea       not null,
  primary key (stream_id, stream_revision),
  unique (stream_id, event_id)
);
create unique index if not exists events_global_order on chungtay.events (transaction_id, global_position);

-- Stored events never change: the trigger refuses it even for the owner; the application role has no
-- UPDATE, DELETE or TRUNCATE privilege in the first place.
create or replace function chungtay.refuse_change() returns trigger language plpgsql as $fn$
begin
  raise exception 'chungtay.events is append-only: % refused', tg_op using errcode = '42501';
end
$fn$;
create or replace trigger events_append_only_rows before update or delete on chungtay.events
  for each row execute function chungtay.refuse_change();
create or replace trigger events_append_only_table before truncate on chungtay.events
  for each statement execute function chungtay.refuse_change();

-- Appends one or more events to a stream: the only way in. Outcomes: 'appended', or
-- 'wrong_expected_revision' with the actual revision (-1 for none). An event id already in the stream raises
-- unique_violation on events_stream_id_event_id_key. Both are the rare path: the caller then reads the stream
-- and tells a retry (idempotent success) from a conflict, by the same rules for every adapter.
-- p_expected: -1 any, -2 no_stream, -3 stream_exists, >= 0 the exact revision.
create or replace function chungtay.append(
  p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_versions integer[],
  p_data text[], p_metadata text[]
) returns table (outcome text, last_revision bigint, commit_position text, prepare_position text,
                 actual_revision bigint)
language plpgsql security definer set search_path = chungtay, pg_catalog as $fn$
declare
  v_count integer := cardinality(p_event_ids);
  v_current bigint;
  v_previous bytea;
  v_xid xid8;
  v_recorded timestamptz;
  v_recorded_ms text;
  v_hashes bytea[] := array[]::bytea[];
  v_previous_hashes bytea[] := array[]::bytea[];
  v_hash bytea;
  v_expected_ok boolean;
begin
  if pg_current_xact_id_if_assigned() is not null then
    raise exception 'chungtay.append must be the first write of its transaction (per-stream order relies on it)';
  end if;
  -- The lock comes before the xid: a writer that waits for this stream gets a larger xid than the holder.
  perform pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  v_xid := pg_current_xact_id();

  select e.stream_revision, e.hash into v_current, v_previous
    from chungtay.events e where e.stream_id = p_stream_id order by e.stream_revision desc limit 1;

  -- (Assigned first: PL/pgSQL would end an IF condition at the CASE's first THEN.)
  v_expected_ok := case
    when p_expected = -1 then true
    when p_expected = -2 then v_current is null
    when p_expected = -3 then v_current is not null
    else v_current is not distinct from p_expected end;
  if not v_expected_ok then
    return query select 'wrong_expected_revision'::text, null::bigint, null::text, null::text, coalesce(v_current, -1);
    return;
  end if;

  v_current := coalesce(v_current, -1);
  v_previous := coalesce(v_previous, ''::bytea);
  v_recorded := date_trunc('milliseconds', clock_timestamp());
  v_recorded_ms := (extract(epoch from v_recorded) * 1000)::bigint::text;
  for i in 1 .. v_count loop
    v_hash := sha256(v_previous || convert_to(concat_ws(E'\\n', p_stream_id, (v_current + i)::text,
      p_event_ids[i]::text, p_types[i], p_versions[i]::text, v_recorded_ms, p_data[i], p_metadata[i]), 'UTF8'));
    v_previous_hashes := v_previous_hashes || v_previous;
    v_hashes := v_hashes || v_hash;
    v_previous := v_hash;
  end loop;

  insert into chungtay.events (transaction_id, stream_id, stream_revision, event_id, event_type, schema_version,
                               data, metadata, recorded_at, previous_hash, hash)
  select v_xid, p_stream_id, v_current + i.ord, i.id, p_types[i.ord], p_versions[i.ord], p_data[i.ord],
         p_metadata[i.ord], v_recorded, v_previous_hashes[i.ord], v_hashes[i.ord]
    from unnest(p_event_ids) with ordinality as i(id, ord)
   order by i.ord;
  -- No NOTIFY here: it would serialise every append's commit on one lock. The adapter signals after commit.
  return query select 'appended'::text, v_current + v_count, v_xid::text,
    currval('chungtay.events_global_position_seq')::text, v_current;
end
$fn$;

-- Per-subject data keys (crypto-shredding): a key wrapped by the master key; erasure forgets it.
create table if not exists chungtay.subject_keys (
  subject_id    text        primary key,
  wrapped_key   bytea,
  master_key_id text        not null,
  created_at    timestamptz not null default now(),
  erased_at     timestamptz,
  erasure_reason text
);
`;

/**
 * Grants an application role what it needs and no more: it reads events and appends only through
 * `chungtay.append` (security definer, so the hash chain cannot be bypassed); no UPDATE, DELETE, TRUNCATE.
 */
export const grantApplicationRoleSql = (role: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new TypeError(`not a safe role name: ${role}`);
  return `
revoke all on chungtay.events from ${role};
grant usage on schema chungtay to ${role};
grant select on chungtay.events to ${role};
grant execute on function chungtay.append(text, bigint, uuid[], text[], integer[], text[], text[]) to ${role};
grant select, insert, update on chungtay.subject_keys to ${role};
`;
};
