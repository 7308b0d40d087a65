import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { ERASED } from '@chungtay/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, COMMUNE, reportData } from './fixtures.ts';
import { call, type Harness, startHarness } from './harness.ts';

// Issue 16, item 7: erasure is an operation of the platform, recorded on the person's record without
// personal data, and it leaves nothing to find: no key, no blind-index row, no plaintext in a dump.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const NAME = 'Rơ Mah H’Linh';
const ID_NUMBER = '064316676218';
const erasure = { erasedAt: at('2026-03-02T11:00:00'), grounds: 'GUARDIAN_REQUEST', reference: '15/PYC-SYT' };
const erase = async (childId: string, role: Parameters<Harness['token']>[0], revision: number) =>
  call(harness, 'POST', `/children/${childId}/commands`, {
    token: await harness.token(role),
    headers: { 'if-match': `"${revision}"` },
    body: { type: 'EraseChildData', data: erasure },
  });

describe('erasing a child’s personal data', () => {
  it('is refused to anyone but the provincial coordinator, the same for a child that exists or not', async () => {
    const childId = randomUUID();
    await call(harness, 'POST', '/children', {
      token: await harness.token('commune_officer'),
      body: {
        childId,
        registeredAt: at('2026-03-02T09:00:00'),
        fullName: 'Siu Thị Nga',
        birthDate: '2014-01-09',
        sex: 'FEMALE',
        communeCode: COMMUNE,
        birthRegistration: 'REGISTERED',
        specialCircumstances: [],
      },
    });
    for (const role of ['commune_officer', 'commune_chair', 'auditor', 'health_worker'] as const) {
      const refused = await erase(childId, role, 0);
      const unknown = await erase(randomUUID(), role, 0);
      expect(refused.status, role).toBe(403);
      expect(refused.body).toEqual(unknown.body);
    }
    expect((await harness.children.load(childId)).revision).toBe(0);
    expect((await erase(randomUUID(), 'provincial_coordinator', 0)).status).toBe(404);
  });

  it('records the erasure, shreds every personal field and the index row, and the streams still verify', async () => {
    const childId = randomUUID();
    const registered = await call(harness, 'POST', '/children', {
      token: await harness.token('commune_officer'),
      body: {
        childId,
        registeredAt: at('2026-03-02T09:00:00'),
        fullName: NAME,
        birthDate: '2016-04-02',
        sex: 'FEMALE',
        ethnicity: 'Jrai',
        personalIdNumber: ID_NUMBER,
        communeCode: COMMUNE,
        birthRegistration: 'REGISTERED',
        specialCircumstances: [],
      },
    });
    expect(registered.status).toBe(201);
    // A case naming the child: its personal fields are sealed with the child's key too.
    const caseId = randomUUID();
    const report = { ...reportData(), caseId, child: { ...reportData().child, childId, fullName: NAME } };
    expect(
      (
        await call(harness, 'POST', '/cases', {
          token: await harness.token('hotline_operator'),
          body: report,
        })
      ).status,
    ).toBe(201);
    const indexRow = async () =>
      harness.executor.query<{ id_hash: string | null; name_hash: string | null; birth_year: number | null }>(
        'select id_hash, name_hash, birth_year from case_service.child_index where child_id = $1',
        [childId],
      );
    const [before] = await indexRow();
    expect(before?.id_hash).toMatch(/^[0-9a-f]{64}$/);

    const erased = await erase(childId, 'provincial_coordinator', registered.body.revision as number);
    expect(erased).toMatchObject({ status: 200, body: { revision: 1, events: ['ChildDataErased'] } });
    // Sent again (a retry): nothing more to record, and still shredded.
    expect(await erase(childId, 'provincial_coordinator', 1)).toMatchObject({
      status: 200,
      body: { events: [] },
    });

    expect(await indexRow()).toEqual([]);
    const events = await harness.store.readStream(`child-${childId}`);
    expect(events.map((event) => event.type)).toEqual(['ChildRegistered', 'ChildDataErased']);
    expect(events[0]?.data).toMatchObject({ fullName: ERASED, birthDate: ERASED, personalIdNumber: ERASED });
    expect(events[1]?.data).toEqual(erasure);
    expect(registered.body.possibleDuplicates).toEqual([]);
    const [received] = await harness.store.readStream(`case-${caseId}`);
    expect((received?.data as { child: { fullName: unknown } } | undefined)?.child.fullName).toEqual(ERASED);
    expect((await harness.store.verifyStream(`child-${childId}`)).ok).toBe(true);
    expect((await harness.store.verifyStream(`case-${caseId}`)).ok).toBe(true);
    // Nothing of the erased child in a dump of the whole database: no name, no number, no index hash.
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', harness.databaseUrl], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump).not.toContain(ID_NUMBER);
    expect(dump).not.toContain('H’Linh');
    expect(dump).not.toContain(before?.id_hash as string);
    // A new record with the same ID number finds no trace of the erased child to match.
    const again = await call(harness, 'POST', '/children', {
      token: await harness.token('commune_officer'),
      body: {
        childId: randomUUID(),
        registeredAt: at('2026-03-02T12:00:00'),
        fullName: NAME,
        birthDate: '2016-04-02',
        sex: 'FEMALE',
        personalIdNumber: ID_NUMBER,
        communeCode: COMMUNE,
        birthRegistration: 'REGISTERED',
        specialCircumstances: [],
      },
    });
    expect(again.body.possibleDuplicates).toEqual([]);
  });

  it('erases a relative or the reporter named on a case, on the coordinator’s command, and no one else’s data', async () => {
    const caseId = randomUUID();
    const reporterId = randomUUID();
    const fatherId = randomUUID();
    const motherId = randomUUID();
    const report = {
      ...reportData(),
      caseId,
      child: { ...reportData().child, childId: randomUUID() },
      relatives: [
        { personId: fatherId, relation: 'FATHER', fullName: 'Siu Blơng', occupation: 'Làm rẫy' },
        { personId: motherId, relation: 'MOTHER', fullName: 'Rơ Châm H’Mai' },
      ],
      reporter: {
        consentToRecordIdentity: true,
        reporterId,
        fullName: 'Ksor Thuận',
        phone: '0905123456',
        relationToChild: 'Hàng xóm',
      },
    };
    const created = await call(harness, 'POST', '/cases', {
      token: await harness.token('hotline_operator'),
      body: report,
    });
    expect(created.status).toBe(201);
    const erasePerson = async (role: Parameters<Harness['token']>[0], subjectId: string, revision: number) =>
      call(harness, 'POST', `/cases/${caseId}/commands`, {
        token: await harness.token(role),
        headers: { 'if-match': `"${revision}"` },
        body: {
          type: 'ErasePersonData',
          data: {
            subjectId,
            erasedAt: at('2026-03-02T11:00:00'),
            grounds: 'DATA_SUBJECT_REQUEST',
            reference: '9/PYC',
          },
        },
      });
    // The commune may not erase; an id the case does not name is a 422 naming the field, and changes nothing.
    expect((await erasePerson('commune_officer', reporterId, 0)).status).toBe(403);
    expect(await erasePerson('provincial_coordinator', randomUUID(), 0)).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'data.subjectId' }] },
    });
    expect(await erasePerson('provincial_coordinator', reporterId, 0)).toMatchObject({
      status: 200,
      body: { revision: 1, events: ['PersonDataErased'] },
    });
    expect(await erasePerson('provincial_coordinator', fatherId, 1)).toMatchObject({ status: 200 });
    const [received, reporterErased] = await harness.store.readStream(`case-${caseId}`);
    const data = received?.data as typeof report;
    expect(data.reporter).toMatchObject({ fullName: ERASED, phone: ERASED, relationToChild: 'Hàng xóm' });
    expect(data.relatives[0]).toMatchObject({ fullName: ERASED, occupation: ERASED, relation: 'FATHER' });
    // The mother and the child keep theirs: each person is their own data subject.
    expect(data.relatives[1]?.fullName).toBe('Rơ Châm H’Mai');
    expect(data.narrative).toBe(reportData().narrative);
    expect(reporterErased?.data).toEqual({
      subjectId: reporterId,
      subjectKind: 'REPORTER',
      erasedAt: at('2026-03-02T11:00:00'),
      grounds: 'DATA_SUBJECT_REQUEST',
      reference: '9/PYC',
    });
    expect((await harness.store.verifyStream(`case-${caseId}`)).ok).toBe(true);
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', harness.databaseUrl], {
      maxBuffer: 64 * 1024 * 1024,
    });
    for (const trace of ['Ksor Thuận', '0905123456', 'Siu Blơng'])
      expect(dump.includes(trace), trace).toBe(false);
  });
});
