import { randomUUID } from 'node:crypto';
import { ERASED, isSealed } from '@chungtay/event-store';
import { AccessLog, toNewEvents } from '@chungtay/service-kit';
import { reportFixture, waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, COMMUNE, OTHER_COMMUNE } from './fixtures.ts';
import { call, type Harness, startHarness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const child = (overrides: Record<string, unknown> = {}) => ({
  childId: randomUUID(),
  registeredAt: at('2026-03-02T09:00:00'),
  fullName: 'Nguyễn Ngọc Hân',
  birthDate: '2015-08-10',
  sex: 'FEMALE',
  ethnicity: 'Kinh',
  communeCode: COMMUNE,
  birthRegistration: 'REGISTERED',
  specialCircumstances: [],
  ...overrides,
});

const register = async (body: Record<string, unknown>) =>
  call(harness, 'POST', '/children', { token: await harness.token('commune_officer'), body });

describe('the child record through the API', () => {
  it('flags a second record with the same ID number for a person to confirm; nothing is merged', async () => {
    const first = child({ personalIdNumber: '064315000777' });
    expect((await register(first)).status).toBe(201);
    const second = child({ fullName: 'Ngọc Hân', personalIdNumber: '064315000777' });
    const response = await register(second);
    expect(response).toMatchObject({
      status: 201,
      body: {
        possibleDuplicates: [{ childId: first.childId, reason: 'SAME_ID_NUMBER' }],
        events: ['ChildRegistered', 'PossibleDuplicateFlagged'],
      },
    });
    const confirmed = await call(harness, 'POST', `/children/${second.childId}/commands`, {
      token: await harness.token('commune_officer'),
      body: {
        type: 'ConfirmDuplicate',
        data: { otherChildId: first.childId, confirmedAt: at('2026-03-02T10:00:00') },
      },
      headers: { 'if-match': '"1"' },
    });
    expect(confirmed).toMatchObject({ status: 200, body: { revision: 2, events: ['DuplicateConfirmed'] } });
    expect((await harness.children.load(first.childId)).revision).toBe(0);
  });

  it('flags a close name with the same birth date and commune, not one in another commune', async () => {
    const first = child({ fullName: 'Rơ Mah H’Linh', birthDate: '2016-01-02' });
    await register(first);
    const close = await register(child({ fullName: 'ro mah hlinh', birthDate: '2016-01-02' }));
    expect(close.body.possibleDuplicates).toEqual([
      { childId: first.childId, reason: 'SIMILAR_NAME_BIRTH_DATE_COMMUNE' },
    ]);
    const elsewhere = await register(
      child({ fullName: 'Rơ Mah HLinh', birthDate: '2016-01-02', communeCode: OTHER_COMMUNE }),
    );
    expect(elsewhere.body.possibleDuplicates).toEqual([]);
  });

  it('keeps names and ID numbers out of the clear: sealed in the stream, hashed in the index', async () => {
    const record = child({ fullName: 'Kpă Thị Mai', personalIdNumber: '064315000888' });
    await register(record);
    const [raw] = await harness.raw.readStream(`child-${record.childId}`);
    const data = raw?.data as Record<string, unknown>;
    expect(isSealed(data.fullName)).toBe(true);
    expect(isSealed(data.personalIdNumber)).toBe(true);
    expect(isSealed(data.ethnicity)).toBe(true);
    const index = await harness.executor.query<Record<string, unknown>>(
      'select * from case_service.child_index',
    );
    expect(JSON.stringify(index)).not.toMatch(/Mai|kpa|064315000888/i);
  });

  it('erases a child: every personal field reads as erased, the record still verifies', async () => {
    const record = child({ fullName: 'Ksor H Nhi' });
    await register(record);
    await harness.store.eraseSubject(record.childId, 'request of the child’s guardian');
    const [read] = await harness.store.readStream(`child-${record.childId}`);
    expect(read?.data).toMatchObject({
      fullName: ERASED,
      birthDate: ERASED,
      sex: 'FEMALE',
      communeCode: COMMUNE,
    });
    expect((await harness.store.verifyStream(`child-${record.childId}`)).ok).toBe(true);
  });

  it('answers 400 naming the field, and 404 to a commune that is not the child’s', async () => {
    const bad = await register(child({ personalIdNumber: '12345' }));
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'personalIdNumber' }] } });
    const wrongDigit = await register(child({ personalIdNumber: '064215000999' }));
    expect(wrongDigit).toMatchObject({ status: 422, body: { rule: 'personal_id_century_or_sex' } });
    // A birth date no other test's Nguyễn Ngọc Hân has: no duplicate flagged.
    const record = child({ birthDate: '2015-08-11' });
    await register(record);
    const stranger = await call(harness, 'GET', `/children/${record.childId}`, {
      token: await harness.token('commune_officer', [OTHER_COMMUNE]),
    });
    expect(stranger.status).toBe(404);
    const own = await call(harness, 'GET', `/children/${record.childId}`, {
      token: await harness.token('commune_officer'),
    });
    // The commune's officials read who the child is: the record's page (issue 18, Children).
    expect(own).toMatchObject({
      status: 200,
      body: {
        exists: true,
        birthYear: 2015,
        communeCode: COMMUNE,
        details: { fullName: 'Nguyễn Ngọc Hân', birthDate: '2015-08-11', ethnicity: 'Kinh' },
        support: [],
        duplicates: [],
        availableSteps: ['RecordSpecialCircumstance', 'RecordBirthRegistration', 'RecordChildSupport'],
      },
    });

    // The province and auditors see the record with the child's identity masked, as on the timeline.
    for (const role of ['provincial_coordinator', 'auditor'] as const) {
      const masked = await call(harness, 'GET', `/children/${record.childId}`, {
        token: await harness.token(role),
      });
      expect(masked).toMatchObject({
        status: 200,
        body: {
          exists: true,
          communeCode: COMMUNE,
          birthYear: { $masked: true },
          sex: { $masked: true },
          details: { $masked: true },
        },
      });
      expect(JSON.stringify(masked.body)).not.toContain('2015');
      expect(JSON.stringify(masked.body)).not.toContain('Hân');
    }
  });
});

describe('who may act on a child record (issue 16, items 2 and 5)', () => {
  const STATION = 'Trạm y tế phường Quy Nhơn';
  const support = {
    type: 'RecordChildSupport',
    data: { recordedAt: at('2026-03-03T09:00:00'), kind: 'HEALTH', provider: 'Trạm y tế' },
  };
  const healthWorker = (unit: string) =>
    harness.issuer.mint({
      sub: `nurse-${unit}`,
      agency: 'health',
      role: 'health_worker',
      communes: [COMMUNE],
      unit,
    });

  it('out of reach, a stale command is answered as for an unknown child; a unit on the child’s case may record support', async () => {
    const record = child({ fullName: 'Siu H’Luân', birthDate: '2014-04-04' });
    const registered = await register(record);
    expect(registered.status).toBe(201);
    const caseId = randomUUID();
    const reported = await call(harness, 'POST', '/cases', {
      token: await harness.token('hotline_operator'),
      body: reportFixture(caseId, {
        child: { childId: record.childId },
        receivedAt: at('2026-03-02T08:00:00'),
      }),
    });
    expect(reported.status).toBe(201);
    const linked = await call(harness, 'POST', `/children/${record.childId}/commands`, {
      token: await harness.token('commune_officer'),
      body: { type: 'LinkToCase', data: { caseId, linkedAt: at('2026-03-02T10:00:00') } },
      headers: { 'if-match': `"${registered.body.revision}"` },
    });
    expect(linked.status).toBe(200);
    const revision = linked.body.revision as number;
    const station = await healthWorker(STATION);
    // The answer as a client reads it: status, type and body (its Date header ticks with the clock).
    const attempt = async (childId: string, token: string, revision: number) => {
      const { status, contentType, body } = await call(harness, 'POST', `/children/${childId}/commands`, {
        token,
        body: support,
        headers: { 'if-match': `"${revision}"` },
      });
      return { status, contentType, body };
    };
    // Before the station is a party to the case, the record does not exist for it, whatever the revision.
    const hidden = await attempt(record.childId, station, 99);
    const unknown = await attempt(randomUUID(), station, 99);
    expect(hidden.status).toBe(404);
    expect(hidden).toEqual(unknown);

    // The commune refers the child to the station: now it reaches the case, and the child's record.
    await harness.application.store.appendToStream(
      `case-${caseId}`,
      toNewEvents(
        [
          {
            type: 'ReferralIssued',
            data: {
              referralId: randomUUID(),
              childId: record.childId,
              issuedAt: at('2026-03-02T11:00:00'),
              toAgency: 'health',
              toUnit: STATION,
              reason: 'Khám sức khỏe.',
              urgency: 'ROUTINE',
              dueAt: at('2026-03-09T17:00:00'),
              sharingBasis: 'LEGAL_DUTY',
              source: 'OFFICER',
            },
          },
        ],
        {
          actor: { userId: 'officer', agency: 'commune', role: 'commune_officer', communeCode: COMMUNE },
          now: new Date(),
        },
      ),
      'any',
    );
    expect((await attempt(record.childId, station, 99)).status).toBe(412);
    expect(await attempt(record.childId, station, revision)).toMatchObject({
      status: 200,
      body: { events: ['ChildSupportRecorded'] },
    });
    // Another station of the same agency is no party to the case.
    expect(await attempt(record.childId, await healthWorker('Trạm y tế xã Ia Grai'), revision + 1)).toEqual(
      unknown,
    );
  });

  it('a read of the child record is recorded on its access log, without personal data', async () => {
    const record = child();
    await register(record);
    const read = await call(harness, 'GET', `/children/${record.childId}`, {
      token: await harness.token('commune_officer'),
    });
    expect(read.status).toBe(200);
    const log = new AccessLog(harness.application.store);
    const viewings = await waitFor(async () => {
      const entries = await log.childViewings(record.childId);
      return entries.length > 0 ? entries : undefined;
    });
    expect(viewings.map((entry) => entry.data)).toEqual([
      {
        childId: record.childId,
        viewedAt: expect.any(String),
        lens: 'commune_officer',
        operation: 'GET /children/:childId',
      },
    ]);
    expect(viewings[0]?.viewer).toMatchObject({ role: 'commune_officer', agency: 'commune' });
    // A refused read is not a read of the record: nothing is recorded for it.
    await call(harness, 'GET', `/children/${record.childId}`, {
      token: await harness.token('commune_officer', [OTHER_COMMUNE]),
    });
    await log.flush();
    expect(JSON.stringify(await log.childViewings(record.childId))).not.toContain('Hân');
  });
});

describe('finding a child by name or personal ID number (issue 18, Children)', () => {
  const search = async (
    body: Record<string, unknown>,
    role = 'commune_officer' as const,
    communes?: string[],
  ) => call(harness, 'POST', '/children/search', { token: await harness.token(role, communes), body });

  it('finds the whole name however it is typed, and the ID number, in the caller’s communes only', async () => {
    const record = child({
      fullName: 'Siu H’Blơn',
      personalIdNumber: '064316000123',
      birthDate: '2016-04-01',
    });
    await register(record);
    await register(child({ fullName: 'Siu H’Blơn', communeCode: OTHER_COMMUNE }));
    const byName = await search({ fullName: 'siu hblon' });
    expect(byName.status).toBe(200);
    expect(byName.body.children).toEqual([
      expect.objectContaining({
        childId: record.childId,
        details: expect.objectContaining({ fullName: 'Siu H’Blơn' }),
      }),
    ]);
    const byId = await search({ personalIdNumber: '064316000123' });
    expect((byId.body.children as Array<{ childId: string }>).map((found) => found.childId)).toEqual([
      record.childId,
    ]);
    // A part of the name is not a search: the index holds hashes of whole names only.
    expect((await search({ fullName: 'Siu' })).body.children).toEqual([]);
    // Another commune's officer does not find this commune's child.
    const elsewhere = await search({ fullName: 'Siu H’Blơn' }, 'commune_officer', [OTHER_COMMUNE]);
    expect(
      (elsewhere.body.children as Array<{ childId: string }>).map((found) => found.childId),
    ).not.toContain(record.childId);
    // The province finds both, their identity masked.
    const province = await search({ fullName: 'Siu H’Blơn' }, 'provincial_coordinator' as never);
    expect(province.body.children).toHaveLength(2);
    expect(JSON.stringify(province.body)).not.toContain('Blơn');
  });

  it('refuses a search by a role that reads no child records, and bad input names the field', async () => {
    expect((await search({ fullName: 'Siu H’Blơn' }, 'hotline_operator' as never)).status).toBe(403);
    const neither = await search({});
    expect(neither).toMatchObject({ status: 400, body: { errors: [{ field: 'fullName' }] } });
    const both = await search({ fullName: 'Siu H’Blơn', personalIdNumber: '064316000123' });
    expect(both).toMatchObject({ status: 400, body: { errors: [{ field: 'fullName' }] } });
    const badId = await search({ personalIdNumber: '0643' });
    expect(badId).toMatchObject({ status: 400, body: { errors: [{ field: 'personalIdNumber' }] } });
    expect(JSON.stringify(badId.body)).not.toContain('0643');
  });

  it('the record tells the duplicates’ story; a person confirms one and dismisses another', async () => {
    const first = child({
      fullName: 'Ksor Thị Lan',
      personalIdNumber: '064314000555',
      birthDate: '2014-02-02',
    });
    const second = child({ fullName: 'Ksor Lan', birthDate: '2014-02-02' });
    await register(first);
    await register(second);
    const third = child({ fullName: 'Ksor Lan', personalIdNumber: '064314000555', birthDate: '2014-02-02' });
    const flagged = await register(third);
    expect(flagged.body.possibleDuplicates).toHaveLength(2);
    const token = await harness.token('commune_officer');
    const page = await call(harness, 'GET', `/children/${third.childId}`, { token });
    expect(page.body.duplicates).toEqual([
      expect.objectContaining({ childId: first.childId, reason: 'SAME_ID_NUMBER', status: 'POSSIBLE' }),
      expect.objectContaining({
        childId: second.childId,
        reason: 'SIMILAR_NAME_BIRTH_DATE_COMMUNE',
        status: 'POSSIBLE',
      }),
    ]);
    expect(page.body.availableSteps).toEqual(
      expect.arrayContaining(['ConfirmDuplicate', 'DismissDuplicate']),
    );
    const step = (revision: number, body: Record<string, unknown>) =>
      call(harness, 'POST', `/children/${third.childId}/commands`, {
        token,
        body,
        headers: { 'if-match': `"${revision}"` },
      });
    expect(
      (
        await step(2, {
          type: 'ConfirmDuplicate',
          data: { otherChildId: first.childId, confirmedAt: at('2026-03-03T09:00:00') },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await step(3, {
          type: 'DismissDuplicate',
          data: {
            otherChildId: second.childId,
            dismissedAt: at('2026-03-03T09:05:00'),
            reason: 'Khác cha mẹ',
          },
        })
      ).status,
    ).toBe(200);
    const after = await call(harness, 'GET', `/children/${third.childId}`, { token });
    expect((after.body.duplicates as Array<{ status: string }>).map((duplicate) => duplicate.status)).toEqual(
      ['CONFIRMED', 'DISMISSED'],
    );
    expect(after.body.confirmedDuplicates).toEqual([first.childId]);
    expect(after.body.availableSteps).not.toContain('ConfirmDuplicate');
    // Nothing left to decide: a forged confirmation is refused.
    const forged = await step(4, {
      type: 'ConfirmDuplicate',
      data: { otherChildId: second.childId, confirmedAt: at('2026-03-03T09:10:00') },
    });
    expect(forged).toMatchObject({ status: 422, body: { rule: 'no_such_possible_duplicate' } });
  });
});
