import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MasterKey, SubjectErasedError } from '../src/index.ts';
import { open, seal } from '../src/protection/crypto.ts';
import type { KeyStore, SubjectKey } from '../src/protection/key-store.ts';
import { ERASED, isSealed, openPersonalData, sealPersonalData } from '../src/protection/personal-data.ts';

/** A key store held in memory: the real rules (create on write, erased stays erased), no database. */
class MemoryKeyStore implements KeyStore {
  evict(): void {}

  readonly keys = new Map<string, SubjectKey>();
  async keyForWriting(subjectId: string) {
    const known = this.keys.get(subjectId);
    if (known?.state === 'erased') throw new SubjectErasedError(subjectId);
    if (known) return known.key;
    const key = randomBytes(32);
    this.keys.set(subjectId, { state: 'active', key });
    return key;
  }
  async keyForReading(subjectId: string): Promise<SubjectKey> {
    return this.keys.get(subjectId) ?? { state: 'erased' };
  }
  async erase(subjectId: string) {
    this.keys.set(subjectId, { state: 'erased' });
  }
}

describe('sealing and opening', () => {
  it('round-trips and refuses a value moved to another subject or altered', () => {
    const key = randomBytes(32);
    const sealed = seal(key, Buffer.from('Đinh Thị Lan'), 'child-1');
    expect(open(key, sealed, 'child-1').toString()).toBe('Đinh Thị Lan');
    expect(() => open(key, sealed, 'child-2')).toThrow();
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => open(key, sealed, 'child-1')).toThrow();
  });

  it('wraps data keys under a master key read from configuration', () => {
    const master = MasterKey.generate();
    const again = MasterKey.fromBase64(master.toBase64());
    expect(again.id).toBe(master.id);
    const dataKey = randomBytes(32);
    expect(again.unwrap(master.wrap(dataKey, 'child-1'), 'child-1')).toEqual(dataKey);
    expect(() => MasterKey.fromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});

describe('personal fields', () => {
  const fields = [
    { path: 'child.fullName', subject: 'child.subjectId' },
    { path: 'child.idNumber', subject: 'child.subjectId' },
    { path: 'relatives[].fullName', subject: 'relatives[].subjectId' },
    { path: 'reporter.phone', subject: 'reporter.subjectId' },
  ];
  const data = {
    child: { subjectId: 'c1', fullName: 'Siu H Ly', idNumber: '064212000123', sex: 'female' },
    relatives: [
      { subjectId: 'r1', fullName: 'Rơ Châm Hyưh' },
      { subjectId: 'r2', fullName: 'Ksor Blin' },
    ],
  };

  it('seals each named field with its own subject, leaves the rest and the input untouched', async () => {
    const keys = new MemoryKeyStore();
    const sealed = (await sealPersonalData(data, fields, keys)) as typeof data & Record<string, unknown>;
    expect(isSealed(sealed.child.fullName)).toBe(true);
    expect(sealed.child.fullName).toMatchObject({ subject: 'c1' });
    expect(sealed.relatives[1]!.fullName).toMatchObject({ subject: 'r2' });
    expect(sealed.child.sex).toBe('female');
    expect(data.child.fullName).toBe('Siu H Ly');
    expect([...keys.keys.keys()].sort()).toEqual(['c1', 'r1', 'r2']);
    expect(await openPersonalData(sealed, keys)).toEqual(data);
  });

  it('reads an erased subject as the erased marker and refuses to seal for it again', async () => {
    const keys = new MemoryKeyStore();
    const sealed = await sealPersonalData(data, fields, keys);
    await keys.erase('r1');
    const opened = (await openPersonalData(sealed, keys)) as typeof data;
    expect(opened.relatives[0]!.fullName).toEqual(ERASED);
    expect(opened.relatives[1]!.fullName).toBe('Ksor Blin');
    await expect(sealPersonalData(data, fields, keys)).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('refuses a personal field whose subject is missing, rather than storing it in the clear', async () => {
    const keys = new MemoryKeyStore();
    await expect(sealPersonalData({ child: { fullName: 'Nguyễn Văn An' } }, fields, keys)).rejects.toThrow(
      /child.fullName: its subject child.subjectId is missing/,
    );
  });
});
