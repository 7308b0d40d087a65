import { createHmac, hkdfSync } from 'node:crypto';
import type { MasterKey, SqlExecutor } from '@chungtay/event-store';
import type { DuplicateCandidate } from './child.ts';

/**
 * Blind indexes for duplicate detection: keyed hashes of a child's normalised name and ID number, so that
 * the lookup table holds no name or number in the clear. "Close" names are names equal after removing
 * diacritics, case, spacing and punctuation ("Rơ Mah H'Linh" ~ "ro mah hlinh"); see docs/decisions/0012.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z\s]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The index's secret derived from the master key: one secret fewer to configure, keep and rotate apart. */
export const indexSecretFrom = (masterKey: MasterKey): Buffer =>
  Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(masterKey.toBase64(), 'base64'),
      Buffer.alloc(0),
      'chungtay index secret',
      32,
    ),
  );

export class ChildIndex {
  private readonly key: Buffer;

  /** `secret`: 32 bytes from configuration; the embedded default derives it from the master key. */
  constructor(
    private readonly executor: SqlExecutor,
    secret: Buffer,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'chungtay child blind index', 32));
  }

  private hash(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}\n${value}`).digest('hex');
  }

  async migrate(): Promise<void> {
    await this.executor.exec(`
      create schema if not exists case_service;
      create table if not exists case_service.child_index (
        child_id     uuid primary key,
        commune_code text not null,
        name_hash    text,
        birth_date_hash text,
        birth_year   integer,
        id_hash      text
      );
      create index if not exists child_index_id on case_service.child_index (id_hash);
      create index if not exists child_index_name on case_service.child_index (name_hash, commune_code);`);
  }

  /** Removes a child's row: after erasure no hash of their name, birth date or ID number is left to test. */
  async forget(childId: string): Promise<void> {
    await this.executor.query('delete from case_service.child_index where child_id = $1', [childId]);
  }

  private keys(child: { fullName?: unknown; birthDate?: unknown; personalIdNumber?: unknown }) {
    return {
      name: typeof child.fullName === 'string' ? this.hash('name', normaliseName(child.fullName)) : null,
      birthDate: typeof child.birthDate === 'string' ? this.hash('birth', child.birthDate) : null,
      id: typeof child.personalIdNumber === 'string' ? this.hash('id', child.personalIdNumber) : null,
    };
  }

  /** Other children who may be this one: the same ID number, or a close name with the same birth date and commune. */
  async candidates(child: {
    childId: string;
    fullName?: unknown;
    birthDate?: unknown;
    estimatedBirthYear?: number;
    personalIdNumber?: unknown;
    communeCode: string;
  }): Promise<DuplicateCandidate[]> {
    const keys = this.keys(child);
    const year =
      typeof child.birthDate === 'string' ? Number(child.birthDate.slice(0, 4)) : child.estimatedBirthYear;
    const rows = await this.executor.query<{ child_id: string; reason: DuplicateCandidate['reason'] }>(
      `select child_id::text, 'SAME_ID_NUMBER' as reason from case_service.child_index
        where $1::text is not null and id_hash = $1 and child_id <> $5::uuid
       union
       select child_id::text, 'SIMILAR_NAME_BIRTH_DATE_COMMUNE' from case_service.child_index
        where $2::text is not null and name_hash = $2 and commune_code = $4 and child_id <> $5::uuid
          and (birth_date_hash = $3 or ($3::text is null and abs(birth_year - $6::int) <= 1)
               or (birth_date_hash is null and abs(birth_year - $6::int) <= 1))`,
      [keys.id, keys.name, keys.birthDate, child.communeCode, child.childId, year ?? null],
    );
    // One candidate per child, the ID number first.
    const byChild = new Map<string, DuplicateCandidate>();
    for (const row of rows.sort((a, b) => a.reason.localeCompare(b.reason))) {
      if (!byChild.has(row.child_id))
        byChild.set(row.child_id, { childId: row.child_id, reason: row.reason });
    }
    return [...byChild.values()];
  }

  /**
   * The children with this full name (compared as normalised: diacritics, case and spacing aside) or this
   * personal ID number, in the given communes: the index holds hashes only, so a name is found whole, not
   * by a part of it (decision 0055).
   */
  async find(
    search: { readonly fullName?: string; readonly personalIdNumber?: string },
    communes: readonly string[] | 'all',
    limit: number,
  ): Promise<string[]> {
    const keys = this.keys(search);
    const rows = await this.executor.query<{ child_id: string }>(
      `select child_id::text from case_service.child_index
        where (($1::text is not null and name_hash = $1) or ($2::text is not null and id_hash = $2))
          and ($3::boolean or commune_code = any($4::text[]))
        order by child_id limit $5`,
      [keys.name, keys.id, communes === 'all', communes === 'all' ? [] : [...communes], limit],
    );
    return rows.map((row) => row.child_id);
  }

  async record(child: {
    childId: string;
    fullName?: unknown;
    birthDate?: unknown;
    estimatedBirthYear?: number;
    personalIdNumber?: unknown;
    communeCode: string;
  }): Promise<void> {
    const keys = this.keys(child);
    const year =
      typeof child.birthDate === 'string' ? Number(child.birthDate.slice(0, 4)) : child.estimatedBirthYear;
    await this.executor.query(
      `insert into case_service.child_index (child_id, commune_code, name_hash, birth_date_hash, birth_year, id_hash)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (child_id) do update set commune_code = excluded.commune_code, name_hash = excluded.name_hash,
         birth_date_hash = excluded.birth_date_hash, birth_year = excluded.birth_year, id_hash = excluded.id_hash`,
      [child.childId, child.communeCode, keys.name, keys.birthDate, year ?? null, keys.id],
    );
  }
}
