import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '../sql/executor.ts';
import type { MasterKey } from './crypto.ts';

export type SubjectKey = { readonly state: 'active'; readonly key: Buffer } | { readonly state: 'erased' };

/** One data key per data subject (a child, a reporter, a relative), wrapped by the master key. */
export interface KeyStore {
  /** The subject's key, created on first use. Refuses when the subject was erased. */
  keyForWriting(subjectId: string): Promise<Buffer>;
  /** The subject's key, or 'erased' (also for a subject that never had a key: nothing can be read). */
  keyForReading(subjectId: string): Promise<SubjectKey>;
  /** Crypto-shredding: forgets the key for good, so every field sealed with it reads back as erased. */
  erase(subjectId: string, reason: string): Promise<void>;
  /**
   * Told of an erasure recorded elsewhere: from now on this process reads the subject as erased, whatever its
   * database may still hold for a moment (the erasure is recorded before the key is destroyed) and whatever
   * read of the key was in flight.
   */
  evict(subjectId: string): void;
}

export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';
  constructor(readonly subjectId: string) {
    super(`data subject ${subjectId} was erased: no new personal data can be stored for it`);
  }
}

interface KeyRow {
  wrapped_key: string | null;
  master_key_id: string;
}

/** A subject's key is wrapped by a master key that is neither the current one nor a configured previous one. */
export class UnknownMasterKeyError extends Error {
  override readonly name = 'UnknownMasterKeyError';
  constructor(readonly masterKeyId: string) {
    super(`a subject key is wrapped by master key ${masterKeyId}, which is not configured`);
  }
}

/**
 * Keys in `chungtay.subject_keys` (PostgreSQL or PGlite). Unwrapped keys are cached for `cacheMs`; another
 * process that erases a subject is seen here once the cache entry expires (documented in operations).
 * New keys are wrapped by the current master key; `previous` master keys still unwrap what they wrapped,
 * so a rotation is: configure the new key with the old as previous, re-wrap (`rewrapSubjectKeys`), drop the old.
 */
export class SqlKeyStore implements KeyStore {
  private readonly cache = new Map<string, { key: SubjectKey; until: number }>();
  /** Subjects whose erasure this process was told of: erasure is final, so they stay erased here. */
  private readonly erased = new Set<string>();
  private readonly ring: ReadonlyMap<string, MasterKey>;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly masterKey: MasterKey,
    private readonly cacheMs = 60_000,
    previous: readonly MasterKey[] = [],
  ) {
    this.ring = new Map([...previous, masterKey].map((key) => [key.id, key]));
  }

  private remember(subjectId: string, key: SubjectKey): SubjectKey {
    // A read that started before this process heard of the erasure must not bring the key back.
    if (this.erased.has(subjectId)) return { state: 'erased' };
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(subjectId, { key, until: Date.now() + this.cacheMs });
    return key;
  }

  private async load(subjectId: string): Promise<SubjectKey | undefined> {
    if (this.erased.has(subjectId)) return { state: 'erased' };
    const cached = this.cache.get(subjectId);
    if (cached && cached.until > Date.now()) return cached.key;
    const [row] = await this.executor.query<KeyRow>(
      `select encode(wrapped_key, 'base64') as wrapped_key, master_key_id
         from chungtay.subject_keys where subject_id = $1`,
      [subjectId],
    );
    if (!row) return undefined;
    if (row.wrapped_key === null) return this.remember(subjectId, { state: 'erased' });
    const masterKey = this.ring.get(row.master_key_id);
    if (!masterKey) throw new UnknownMasterKeyError(row.master_key_id);
    const key = masterKey.unwrap(Buffer.from(row.wrapped_key, 'base64'), subjectId);
    return this.remember(subjectId, { state: 'active', key });
  }

  async keyForWriting(subjectId: string): Promise<Buffer> {
    const known = await this.load(subjectId);
    if (known?.state === 'erased') throw new SubjectErasedError(subjectId);
    if (known) return known.key;
    const wrapped = this.masterKey.wrap(randomBytes(32), subjectId);
    // Two writers may race to create the key: the first insert wins, both then read the same key.
    await this.executor.query(
      `insert into chungtay.subject_keys (subject_id, wrapped_key, master_key_id)
       values ($1, decode($2, 'base64'), $3) on conflict (subject_id) do nothing`,
      [subjectId, wrapped.toString('base64'), this.masterKey.id],
    );
    this.cache.delete(subjectId);
    const created = await this.load(subjectId);
    if (created?.state !== 'active') throw new SubjectErasedError(subjectId);
    return created.key;
  }

  async keyForReading(subjectId: string): Promise<SubjectKey> {
    return (await this.load(subjectId)) ?? { state: 'erased' };
  }

  evict(subjectId: string): void {
    this.erased.add(subjectId);
    this.cache.delete(subjectId);
  }

  async erase(subjectId: string, reason: string): Promise<void> {
    await this.executor.query(
      `insert into chungtay.subject_keys (subject_id, wrapped_key, master_key_id, erased_at, erasure_reason)
       values ($1, null, $2, now(), $3)
       on conflict (subject_id) do update set wrapped_key = null, erased_at = coalesce(chungtay.subject_keys.erased_at, now()),
         erasure_reason = coalesce(chungtay.subject_keys.erasure_reason, excluded.erasure_reason)`,
      [subjectId, this.masterKey.id, reason],
    );
    this.remember(subjectId, { state: 'erased' });
  }
}

/**
 * Re-wraps every subject key held under another master key with `current`, in batches, each row only if
 * it is still as read (a concurrent erasure wins). The data itself is not touched: only the keys' wrapping.
 * Returns how many keys were re-wrapped; erased subjects have no key and stay erased.
 */
export async function rewrapSubjectKeys(
  executor: SqlExecutor,
  current: MasterKey,
  previous: readonly MasterKey[],
  options: { readonly batchSize?: number; readonly onProgress?: (rewrapped: number) => void } = {},
): Promise<number> {
  const ring = new Map(previous.map((key) => [key.id, key]));
  // Every key must be openable before any is touched: a missing previous key changes nothing.
  const wrappers = await executor.query<{ master_key_id: string }>(
    `select distinct master_key_id from chungtay.subject_keys where master_key_id <> $1 and wrapped_key is not null`,
    [current.id],
  );
  const unknown = wrappers.find((row) => !ring.has(row.master_key_id));
  if (unknown) throw new UnknownMasterKeyError(unknown.master_key_id);
  let rewrapped = 0;
  let after = '';
  for (;;) {
    const rows = await executor.query<KeyRow & { subject_id: string }>(
      `select subject_id, encode(wrapped_key, 'base64') as wrapped_key, master_key_id
         from chungtay.subject_keys
        where master_key_id <> $1 and wrapped_key is not null and subject_id > $2
        order by subject_id limit $3`,
      [current.id, after, options.batchSize ?? 1_000],
    );
    if (rows.length === 0) return rewrapped;
    for (const row of rows) {
      const masterKey = ring.get(row.master_key_id);
      if (!masterKey) throw new UnknownMasterKeyError(row.master_key_id);
      const wrapped = Buffer.from(row.wrapped_key as string, 'base64');
      const dataKey = masterKey.unwrap(wrapped, row.subject_id);
      const updated = await executor.query(
        `update chungtay.subject_keys set wrapped_key = decode($2, 'base64'), master_key_id = $3
          where subject_id = $1 and master_key_id = $4 and wrapped_key = decode($5, 'base64')
          returning subject_id`,
        [
          row.subject_id,
          current.wrap(dataKey, row.subject_id).toString('base64'),
          current.id,
          row.master_key_id,
          row.wrapped_key,
        ],
      );
      rewrapped += updated.length;
    }
    after = (rows.at(-1) as { subject_id: string }).subject_id;
    options.onProgress?.(rewrapped);
  }
}
