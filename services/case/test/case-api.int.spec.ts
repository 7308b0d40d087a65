import { randomUUID } from 'node:crypto';
import { isSealed } from '@chungtay/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, COMMUNE, OTHER_COMMUNE, reportData } from './fixtures.ts';
import { call, type Harness, startHarness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const newReport = () => ({
  ...reportData(),
  caseId: randomUUID(),
  child: { ...reportData().child, childId: randomUUID() },
});

async function reportedCase() {
  harness.setNow('2026-03-02T10:00:00');
  const report = newReport();
  const created = await call(harness, 'POST', '/cases', {
    token: await harness.token('hotline_operator'),
    body: report,
  });
  expect(created.status).toBe(201);
  return report.caseId;
}

const command = async (
  caseId: string,
  role: Parameters<Harness['token']>[0],
  body: unknown,
  revision: number,
  headers = {},
) =>
  call(harness, 'POST', `/cases/${caseId}/commands`, {
    token: await harness.token(role),
    body,
    headers: { 'if-match': `"${revision}"`, ...headers },
  });

describe('J1 intake to protection, through the case API on PostgreSQL', () => {
  it('reports, forwards, assesses, separates the child, and shows the deadlines and a missed one', async () => {
    const report = newReport();
    const created = await call(harness, 'POST', '/cases', {
      token: await harness.token('hotline_operator'),
      body: report,
    });
    expect(created).toMatchObject({
      status: 201,
      body: { caseId: report.caseId, revision: 0, events: ['ReportReceived'] },
    });
    expect(created.headers.get('etag')).toBe('"0"');
    expect(created.headers.get('location')).toBe(`/cases/${report.caseId}`);

    harness.setNow('2026-03-02T10:30:00');
    const forwarded = await command(
      report.caseId,
      'hotline_operator',
      {
        type: 'ForwardToCommune',
        data: { toCommuneCode: COMMUNE, forwardedAt: at('2026-03-02T10:15:00') },
      },
      0,
    );
    expect(forwarded).toMatchObject({ status: 200, body: { revision: 1 } });
    expect(forwarded.headers.get('etag')).toBe('"1"');

    harness.setNow('2026-03-02T14:00:00');
    const assessed = await command(
      report.caseId,
      'commune_officer',
      {
        type: 'CompleteInitialAssessment',
        data: {
          assessedAt: at('2026-03-02T13:30:00'),
          riskLevel: 'HIGH',
          childInSeriousDanger: true,
          emergencyMeasure: 'TEMPORARY_SEPARATION',
          findings: 'Trẻ bị đánh, có vết thương ở đầu.',
        },
      },
      1,
    );
    expect(assessed.status).toBe(200);

    const officer = await harness.token('commune_officer');
    const open = await call(harness, 'GET', `/cases/${report.caseId}`, { token: officer });
    expect(open.body).toMatchObject({ status: 'INITIAL_ASSESSED', revision: 2, communeCode: COMMUNE });
    const emergency = (open.body.deadlines as Array<Record<string, unknown>>).find(
      (d) => d.kind === 'EMERGENCY_MEASURES',
    );
    expect(emergency).toMatchObject({ status: 'OPEN', dueAt: at('2026-03-02T22:15:00') });

    // Nobody acts in time: after 22:15 the deadline is overdue, a reportable fact.
    harness.setNow('2026-03-03T08:00:00');
    const late = await call(harness, 'GET', `/cases/${report.caseId}`, { token: officer });
    expect(
      (late.body.deadlines as Array<Record<string, unknown>>).find((d) => d.kind === 'EMERGENCY_MEASURES'),
    ).toMatchObject({
      status: 'OVERDUE',
    });

    const separated = await command(
      report.caseId,
      'commune_chair',
      {
        type: 'DecideTemporarySeparation',
        data: {
          decidedAt: at('2026-03-03T07:30:00'),
          until: at('2026-03-17T07:30:00'),
          placement: 'RELATIVE',
        },
      },
      2,
    );
    expect(separated).toMatchObject({
      status: 200,
      body: { revision: 3, events: ['TemporarySeparationDecided'] },
    });
    const after = await call(harness, 'GET', `/cases/${report.caseId}`, { token: officer });
    expect(
      (after.body.deadlines as Array<Record<string, unknown>>).find((d) => d.kind === 'EMERGENCY_MEASURES'),
    ).toMatchObject({
      status: 'MET_LATE',
    });
  });

  it('stores the narrative and the child’s name sealed, not in the clear', async () => {
    const caseId = await reportedCase();
    const [raw] = await harness.raw.readStream(`case-${caseId}`);
    const data = raw?.data as { narrative: unknown; child: { fullName: unknown; sex: string } };
    expect(isSealed(data.narrative)).toBe(true);
    expect(isSealed(data.child.fullName)).toBe(true);
    expect(JSON.stringify(raw?.data)).not.toContain('Hân');
    const [read] = await harness.store.readStream(`case-${caseId}`);
    expect((read!.data as { child: { fullName: string } }).child.fullName).toBe('Nguyễn Ngọc Hân');
  });
});

describe('J2 police append: optimistic concurrency, idempotency, read-your-writes', () => {
  const open = (investigationId = randomUUID()) => ({
    type: 'OpenInvestigation',
    data: { investigationId, openedAt: at('2026-03-02T09:30:00'), unit: 'Công an phường Quy Nhơn' },
  });

  it('appends and reads its own write at once', async () => {
    const caseId = await reportedCase();
    const appended = await command(caseId, 'police_investigator', open(), 0);
    expect(appended).toMatchObject({ status: 200, body: { revision: 1, events: ['InvestigationOpened'] } });
    const read = await call(harness, 'GET', `/cases/${caseId}`, {
      token: await harness.token('police_investigator'),
    });
    expect(read.body).toMatchObject({ revision: 1 });
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('lets one of two writers at the same revision win; the other learns the case moved', async () => {
    const caseId = await reportedCase();
    const results = await Promise.all([
      command(caseId, 'police_investigator', open(), 0),
      command(caseId, 'police_investigator', open(), 0),
    ]);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    const loser = results.find((result) => result.status !== 200);
    expect(loser?.contentType).toContain('application/problem+json');
    expect((await harness.application.load(caseId)).revision).toBe(1);
  });

  it('answers a repeated request with the first answer and writes nothing', async () => {
    const caseId = await reportedCase();
    const body = open();
    const headers = { 'idempotency-key': `police-${randomUUID()}` };
    const first = await command(caseId, 'police_investigator', body, 0, headers);
    const again = await command(caseId, 'police_investigator', body, 0, headers);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await harness.application.load(caseId)).revision).toBe(1);

    const reused = await command(caseId, 'police_investigator', open(), 0, headers);
    expect(reused).toMatchObject({ status: 422, body: { errors: [{ field: 'Idempotency-Key' }] } });
  });

  it('runs one of two concurrent requests with the same key; the other never writes', async () => {
    const caseId = await reportedCase();
    const body = open();
    const headers = { 'idempotency-key': `race-${randomUUID()}` };
    const results = await Promise.all(
      [1, 2, 3].map(() => command(caseId, 'police_investigator', body, 0, headers)),
    );
    expect(results.filter((result) => result.status === 200).length).toBeGreaterThanOrEqual(1);
    for (const result of results) expect([200, 409]).toContain(result.status);
    expect((await harness.application.load(caseId)).revision).toBe(1);
  });

  it('writes the same events on a retry after a crash lost the answer (deterministic ids)', async () => {
    const caseId = await reportedCase();
    const key = `crash-${randomUUID()}`;
    const caller = {
      userId: 'police_investigator-user',
      agency: 'police' as const,
      role: 'police_investigator' as const,
      communes: [],
      token: '',
    };
    const seed = { userId: caller.userId, key, startedAtMs: Date.now() };
    const body = open();
    const first = await harness.application.handle(caseId, body as never, {
      caller,
      expectedRevision: 0,
      idempotency: seed,
    });
    const retry = await harness.application.handle(caseId, body as never, {
      caller,
      expectedRevision: 1,
      idempotency: seed,
    });
    expect(first.revision).toBe(1);
    // Answered as applied: the events the first attempt stored, not a 412 for the revision it moved on.
    expect(retry).toEqual({ revision: 1, events: first.events });
    expect((await harness.application.load(caseId)).revision).toBe(1);
  });
});

describe('every error is problem+json naming what is wrong, and changes nothing', () => {
  it('401 without, with a forged, or with an expired token', async () => {
    expect((await call(harness, 'GET', `/cases/${randomUUID()}`)).status).toBe(401);
    const forged = `${(await harness.token('auditor')).slice(0, -4)}AAAA`;
    expect((await call(harness, 'GET', `/cases/${randomUUID()}`, { token: forged })).status).toBe(401);
    const expired = await harness.issuer.mint(
      { sub: 'x', agency: 'commune', role: 'commune_officer', communes: [COMMUNE] },
      '-1m',
    );
    const response = await call(harness, 'GET', `/cases/${randomUUID()}`, { token: expired });
    expect(response).toMatchObject({ status: 401, body: { title: 'Unauthorized' } });
    expect(response.contentType).toContain('application/problem+json');
  });

  it('400 for malformed JSON, for a body that breaks the contract (naming the field), and for a bad id', async () => {
    const token = await harness.token('hotline_operator');
    const broken = await call(harness, 'POST', '/cases', { token, body: '{"caseId": ' });
    expect(broken).toMatchObject({ status: 400, body: { detail: 'the body is not valid JSON' } });
    const missing = await call(harness, 'POST', '/cases', {
      token,
      body: { ...newReport(), channel: 'CARRIER_PIGEON' },
    });
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ field: 'channel' }] } });
    expect(JSON.stringify(missing.body)).not.toContain('Hân');
    const caseId = await reportedCase();
    const badField = await command(
      caseId,
      'hotline_operator',
      { type: 'ForwardToCommune', data: { toCommuneCode: '12', forwardedAt: 'yesterday' } },
      0,
    );
    expect(badField.status).toBe(400);
    expect((badField.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([
      'data.forwardedAt',
      'data.toCommuneCode',
    ]);
    expect((await call(harness, 'GET', '/cases/not-a-uuid', { token })).body).toMatchObject({
      errors: [{ field: 'caseId' }],
    });
    expect((await harness.application.load(caseId)).revision).toBe(0);
  });

  it('413 for an oversized body', async () => {
    const token = await harness.token('hotline_operator');
    const huge = await call(harness, 'POST', '/cases', {
      token,
      body: { ...newReport(), narrative: 'x'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
  });

  it('428 without If-Match, 412 with a stale one, 403 for the wrong role, 422 for a broken rule', async () => {
    const caseId = await reportedCase();
    const forward = {
      type: 'ForwardToCommune',
      data: { toCommuneCode: COMMUNE, forwardedAt: at('2026-03-02T09:00:00') },
    };
    const noIfMatch = await call(harness, 'POST', `/cases/${caseId}/commands`, {
      token: await harness.token('hotline_operator'),
      body: forward,
    });
    expect(noIfMatch).toMatchObject({ status: 428, body: { errors: [{ field: 'If-Match' }] } });
    expect(await command(caseId, 'hotline_operator', forward, 5)).toMatchObject({
      status: 412,
      body: { currentRevision: 0 },
    });
    const assess = {
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: at('2026-03-02T09:30:00'),
        riskLevel: 'LOW',
        childInSeriousDanger: false,
        emergencyMeasure: 'NONE',
        findings: 'x',
      },
    };
    // A role that sees the case but may not take this step (one that does not see it gets 404).
    expect((await command(caseId, 'commune_chair', assess, 0)).status).toBe(403);
    const early = await command(caseId, 'commune_officer', assess, 0);
    expect(early).toMatchObject({ status: 422, body: { rule: 'step_out_of_order' } });
    expect((await harness.application.load(caseId)).revision).toBe(0);
  });

  it('404 for an unknown case, and the same 404 for a case outside the reader’s commune', async () => {
    const caseId = await reportedCase();
    const stranger = await harness.token('commune_officer', [OTHER_COMMUNE]);
    const hidden = await call(harness, 'GET', `/cases/${caseId}`, { token: stranger });
    const unknown = await call(harness, 'GET', `/cases/${randomUUID()}`, { token: stranger });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(unknown.body);
    expect(
      (await call(harness, 'GET', `/cases/${caseId}`, { token: await harness.token('hotline_operator') }))
        .status,
    ).toBe(404);
    const command404 = await command(
      randomUUID(),
      'police_investigator',
      {
        type: 'OpenInvestigation',
        data: { investigationId: randomUUID(), openedAt: at('2026-03-02T09:30:00'), unit: 'x' },
      },
      0,
    );
    expect(command404).toMatchObject({ status: 404, body: { detail: 'no such case' } });
  });

  it('health is anonymous; an unknown route is a 404 problem', async () => {
    expect((await call(harness, 'GET', '/health/ready')).status).toBe(200);
    expect((await call(harness, 'GET', '/nope')).status).toBe(404);
  });
});
