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
}

export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';
  constructor(readonly subjectId: string) {
    super(`data subject ${subjectId} was erased: no new personal data can be stored for it`);
  }
}

interface KeyRow {
  wrapped_key: string | null;
}

/**
 * Keys in `chungtay.subject_keys` (PostgreSQL or PGlite). Unwrapped keys are cached for `cacheMs`; another
 * process that erases a subject is seen here once the cache entry expires (documented in operations).
 */
export class SqlKeyStore implements KeyStore {
  private readonly cache = new Map<string, { key: SubjectKey; until: number }>();

  constructor(
    private readonly executor: SqlExecutor,
    private readonly masterKey: MasterKey,
    private readonly cacheMs = 60_000,
  ) {}

  private remember(subjectId: string, key: SubjectKey): SubjectKey {
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(subjectId, { key, until: Date.now() + this.cacheMs });
    return key;
  }

  private async load(subjectId: string): Promise<SubjectKey | undefined> {
    const cached = this.cache.get(subjectId);
    if (cached && cached.until > Date.now()) return cached.key;
    const [row] = await this.executor.query<KeyRow>(
      `select encode(wrapped_key, 'base64') as wrapped_key from chungtay.subject_keys where subject_id = $1`,
      [subjectId],
    );
    if (!row) return undefined;
    if (row.wrapped_key === null) return this.remember(subjectId, { state: 'erased' });
    const key = this.masterKey.unwrap(Buffer.from(row.wrapped_key, 'base64'), subjectId);
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
