import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { WorkingCalendar } from '@chungtay/calendar';
import { postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { IdempotencyKeys, LocalIssuer } from '@chungtay/service-kit';
import { createTestDatabase, startTcpProxy, waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseService } from '../src/index.ts';
import { at, COMMUNE, OTHER_COMMUNE, reportData } from './fixtures.ts';
import { call, type Harness, startHarness } from './harness.ts';

// Issue 17 (items 1–4) and 16 (items 5–6): the case service's answers to a client's mistakes and to its
// own crashes, through HTTP on the real PostgreSQL.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const PERSONAL = 'Nguyễn Thị Hoa 0905123456';

async function reportedCase(): Promise<string> {
  harness.setNow('2026-03-02T10:00:00');
  const caseId = randomUUID();
  const created = await call(harness, 'POST', '/cases', {
    token: await harness.token('hotline_operator'),
    body: { ...reportData(), caseId, child: { ...reportData().child, childId: randomUUID() } },
  });
  expect(created.status).toBe(201);
  return caseId;
}

const forward = {
  type: 'ForwardToCommune',
  data: { toCommuneCode: COMMUNE, forwardedAt: at('2026-03-02T09:00:00') },
};

describe('a client’s mistake is a 4xx that names what is wrong and echoes nothing', () => {
  it('a malformed percent-escape in any path id is 400, on every route', async () => {
    const token = await harness.token('commune_officer');
    for (const id of ['%E0%A4%A', '%C3%28', '%FF%FE', '%zz']) {
      for (const [method, path] of [
        ['GET', `/cases/${id}`],
        ['POST', `/cases/${id}/commands`],
        ['GET', `/children/${id}`],
        ['POST', `/children/${id}/commands`],
      ] as const) {
        const answer = await call(harness, method, path, {
          token,
          ...(method === 'POST' ? { body: forward, headers: { 'if-match': '"0"' } } : {}),
        });
        expect(answer.status, `${method} ${path}`).toBe(400);
        expect(answer.body.detail).toBe('the path holds a malformed percent-escape');
        expect(JSON.stringify(answer.body)).not.toContain(id);
      }
    }
  });

  it('a body whose Content-Encoding is gzip or deflate is 415, with or without a token, a lie or not', async () => {
    const token = await harness.token('hotline_operator');
    const report = { ...reportData(), caseId: randomUUID() };
    for (const [encoding, body] of [
      ['gzip', Buffer.from('this is not gzip')],
      ['deflate', Buffer.from('nor deflate')],
      ['gzip', gzipSync(JSON.stringify(report))],
    ] as const) {
      for (const authorization of [{ authorization: `Bearer ${token}` }, {}] as Record<string, string>[]) {
        const response = await fetch(`${harness.url}/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...authorization },
          body,
        });
        expect(response.status).toBe(415);
      }
    }
    expect((await harness.application.load(report.caseId)).revision).toBeUndefined();
  });

  it('a body in another media type is 415, not a validation error about a field it dropped', async () => {
    const response = await fetch(`${harness.url}/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: `Bearer ${await harness.token('hotline_operator')}`,
      },
      body: JSON.stringify(reportData()),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { detail: string }).detail).toBe('send the body as application/json');
  });

  it('an If-Match of 20 digits is 400 naming If-Match, not "revision Infinity"', async () => {
    const caseId = await reportedCase();
    const answer = await call(harness, 'POST', `/cases/${caseId}/commands`, {
      token: await harness.token('hotline_operator'),
      body: forward,
      headers: { 'if-match': '"99999999999999999999"' },
    });
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ field: 'If-Match' }] } });
    expect((await harness.application.load(caseId)).revision).toBe(0);
  });

  it('a body nested 20,000 levels deep is 400 naming the limit', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const answer = await call(harness, 'POST', '/cases', {
      token: await harness.token('hotline_operator'),
      body: deep,
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { detail: 'the body is nested deeper than 32 levels', errors: [{ field: '(body)' }] },
    });
  });

  it('a 404 does not echo the path (it may hold an ID number)', async () => {
    const answer = await call(harness, 'GET', `/people/${PERSONAL}`, {
      token: await harness.token('hotline_operator'),
    });
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toContain('0905123456');
    expect(JSON.stringify(answer.body)).not.toContain('people');
  });

  it('a stale child record says "child record", not "case"', async () => {
    const token = await harness.token('commune_officer');
    const childId = randomUUID();
    const registered = await call(harness, 'POST', '/children', {
      token,
      body: {
        childId,
        registeredAt: at('2026-03-02T09:00:00'),
        fullName: 'Rơ Châm H’Lan',
        birthDate: '2015-08-10',
        sex: 'FEMALE',
        ethnicity: 'Jrai',
        communeCode: COMMUNE,
        birthRegistration: 'REGISTERED',
        specialCircumstances: [],
      },
    });
    expect(registered.status).toBe(201);
    const stale = await call(harness, 'POST', `/children/${childId}/commands`, {
      token,
      headers: { 'if-match': '"4"' },
      body: {
        type: 'RecordBirthRegistration',
        data: { status: 'REGISTERED', recordedAt: at('2026-03-02T09:30:00') },
      },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toBe('the child record is at revision 0, not 4');
  });
});

describe('no existence oracle on a write', () => {
  it('a case out of reach answers as an unknown one, whatever If-Match says', async () => {
    const caseId = await reportedCase();
    const stranger = await harness.token('commune_officer', [OTHER_COMMUNE]);
    const school = await harness.token('school_safety_officer');
    for (const token of [stranger, school]) {
      for (const revision of ['"0"', '"28"']) {
        const send = (id: string) =>
          call(harness, 'POST', `/cases/${id}/commands`, {
            token,
            body: forward,
            headers: { 'if-match': revision },
          });
        const hidden = await send(caseId);
        const unknown = await send(randomUUID());
        expect(hidden.status).toBe(404);
        expect(hidden.body).toEqual(unknown.body);
      }
    }
    // The hotline operator who received it may still forward it: writing to a case is knowing it.
    const forwarded = await call(harness, 'POST', `/cases/${caseId}/commands`, {
      token: await harness.token('hotline_operator'),
      body: forward,
      headers: { 'if-match': '"0"' },
    });
    expect(forwarded.status).toBe(200);
  });
});

describe('a command retried after a crash is answered as applied', () => {
  it('the stored events are found by their ids, before the revision its first attempt moved on is compared', async () => {
    const caseId = await reportedCase();
    const token = await harness.token('hotline_operator');
    const caller = await harness.issuer.verifier().verify(token);
    const key = `retry-${randomUUID()}`;
    const keys = new IdempotencyKeys(harness.executor, 'case_service');
    // The first attempt claimed its key and appended, then the process died before it answered.
    const path = `/cases/${caseId}/commands`;
    const hash = IdempotencyKeys.requestHash('POST', path, { body: forward, ifMatch: '"0"' });
    expect((await keys.claim(caller.userId, key, hash)).kind).toBe('proceed');
    // It started ten seconds ago, so a retry may take its claim over now.
    const [started] = await harness.executor.query<{ ms: string }>(
      `update case_service.idempotency_keys set started_at = started_at - interval '10 seconds'
        where user_id = $1 and key = $2
        returning (extract(epoch from started_at) * 1000)::bigint as ms`,
      [caller.userId, key],
    );
    await harness.application.handle(caseId, forward as never, {
      caller,
      expectedRevision: 0,
      idempotency: { userId: caller.userId, key, startedAtMs: Number(started?.ms) },
    });
    expect((await harness.application.load(caseId)).revision).toBe(1);
    const retried = await call(harness, 'POST', path, {
      token,
      body: forward,
      headers: { 'if-match': '"0"', 'idempotency-key': key },
    });
    expect(retried).toMatchObject({
      status: 200,
      body: { revision: 1, events: ['ReportForwardedToCommune'] },
    });
    expect((await harness.application.load(caseId)).revision).toBe(1);
    // And again: now the stored answer.
    const again = await call(harness, 'POST', path, {
      token,
      body: forward,
      headers: { 'if-match': '"0"', 'idempotency-key': key },
    });
    expect(again).toMatchObject({ status: 200, body: { revision: 1 } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('an unavailable database', () => {
  it('is a 503 with Retry-After and readiness says not ready; once it is back, the service serves again', async () => {
    const database = await createTestDatabase('case_outage');
    const proxy = await startTcpProxy({
      host: '127.0.0.1',
      port: Number(new URL(database.url).port || 5432),
    });
    const executor = postgresExecutor({ connectionString: proxy.via(database.url) });
    const issuer = await LocalIssuer.create();
    const store = await SqlEventStore.open(executor);
    const { app, close } = await createCaseService({
      store,
      executor,
      verifier: issuer.verifier(),
      calendar: WorkingCalendar.default(),
      indexSecret: Buffer.alloc(32, 3),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const token = await issuer.mint({
        sub: 'officer',
        agency: 'commune',
        role: 'commune_officer',
        communes: [COMMUNE],
      });
      const read = () =>
        fetch(`http://127.0.0.1:${port}/cases/${randomUUID()}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await read()).status).toBe(404);
      await proxy.cut();
      const during = await read();
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('2');
      expect(((await during.json()) as { title: string }).title).toBe('Service Unavailable');
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
      await proxy.restore();
      await waitFor(async () => ((await read()).status === 404 ? true : undefined), {
        what: 'the service back',
      });
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await close();
      await store.close();
      await proxy.close();
      await database.drop();
    }
  });
});
