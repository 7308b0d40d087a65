import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@chungtay/event-store';

export interface StoredResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export type IdempotencyClaim =
  /** First time (or a crashed attempt taken over): go ahead. `startedAtMs` seeds deterministic event ids. */
  | { readonly kind: 'proceed'; readonly startedAtMs: number }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' };

interface Row {
  request_hash: string;
  state: 'IN_PROGRESS' | 'DONE';
  started_ms: string | number;
  age_ms: string | number;
  response: string | null;
}

/**
 * `Idempotency-Key` support: the first request with a key claims it; a repeat gets the first answer and
 * writes nothing; the same key with a different request is refused. Kept per service in its own schema.
 */
export class IdempotencyKeys {
  constructor(
    private readonly executor: SqlExecutor,
    private readonly schema: string,
    /**
     * An attempt older than this that never finished (a crash) may be taken over. Taking over one that is
     * only slow is safe: both compute the same event ids, so one append wins and the other finds it stored.
     */
    private readonly takeOverAfterMs = 5_000,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TypeError(`not a safe schema name: ${schema}`);
  }

  async migrate(): Promise<void> {
    await this.executor.exec(`
      create schema if not exists ${this.schema};
      create table if not exists ${this.schema}.idempotency_keys (
        user_id      text        not null,
        key          text        not null,
        request_hash text        not null,
        state        text        not null,
        started_at   timestamptz not null default clock_timestamp(),
        response     text,
        primary key (user_id, key)
      );`);
  }

  static requestHash(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path}\n${JSON.stringify(body)}`)
      .digest('hex');
  }

  async claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const table = `${this.schema}.idempotency_keys`;
    const inserted = await this.executor.query<{ started_ms: string | number }>(
      `insert into ${table} (user_id, key, request_hash, state) values ($1, $2, $3, 'IN_PROGRESS')
       on conflict (user_id, key) do nothing
       returning (extract(epoch from started_at) * 1000)::bigint as started_ms`,
      [userId, key, requestHash],
    );
    if (inserted[0]) return { kind: 'proceed', startedAtMs: Number(inserted[0].started_ms) };
    const [row] = await this.executor.query<Row>(
      `select request_hash, state, response, (extract(epoch from started_at) * 1000)::bigint as started_ms,
              (extract(epoch from clock_timestamp() - started_at) * 1000)::bigint as age_ms
         from ${table} where user_id = $1 and key = $2`,
      [userId, key],
    );
    if (!row) return this.claim(userId, key, requestHash); // released meanwhile: try again
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'DONE' && row.response) return { kind: 'replay', response: JSON.parse(row.response) };
    if (Number(row.age_ms) > this.takeOverAfterMs) {
      const taken = await this.executor.query(
        `update ${table} set state = 'IN_PROGRESS' where user_id = $1 and key = $2 and state = 'IN_PROGRESS'
         returning 1 as taken`,
        [userId, key],
      );
      if (taken.length > 0) return { kind: 'proceed', startedAtMs: Number(row.started_ms) };
    }
    return { kind: 'in_progress' };
  }

  async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    await this.executor.query(
      `update ${this.schema}.idempotency_keys set state = 'DONE', response = $3 where user_id = $1 and key = $2`,
      [userId, key, JSON.stringify(response)],
    );
  }

  /** A failed attempt releases its key, so the corrected request can use it. */
  async release(userId: string, key: string): Promise<void> {
    await this.executor.query(
      `delete from ${this.schema}.idempotency_keys where user_id = $1 and key = $2 and state = 'IN_PROGRESS'`,
      [userId, key],
    );
  }
}

/**
 * Event ids that every attempt of one idempotent request computes alike: a UUIDv7 whose time is the first
 * attempt's start and whose random bits come from the user, the key and the event's index.
 */
export function deterministicEventId(
  seed: { userId: string; key: string; startedAtMs: number },
  index: number,
): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(seed.startedAtMs, 0, 6);
  createHash('sha256').update(`${seed.userId}\n${seed.key}\n${index}`).digest().copy(bytes, 6, 0, 10);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
