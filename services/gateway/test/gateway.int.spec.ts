import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { WorkingCalendar } from '@chungtay/calendar';
import { CaseApplication, defaultDeadlinePolicy } from '@chungtay/case';
import { agencyOfRole, personalDataMap, type Role } from '@chungtay/contracts';
import {
  MasterKey,
  ProtectedEventStore,
  pgliteExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { MASKED } from '@chungtay/policy';
import { type Caller, LocalIssuer } from '@chungtay/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedSchema } from '../src/schema/index.ts';
import { createGateway } from '../src/yoga.ts';

let store: ProtectedEventStore;
let cases: CaseApplication;
let issuer: LocalIssuer;
let gateway: ReturnType<typeof createGateway>;
const caseId = randomUUID();
const QUY_NHON = '21583';

const caller = (role: Role, communes: string[] = []): Caller => ({
  userId: `${role}-1`,
  agency: agencyOfRole[role],
  role,
  communes,
  token: '',
});
const at = (local: string) => new Date(`${local}+07:00`).toISOString();

beforeAll(async () => {
  const executor = await pgliteExecutor();
  store = new ProtectedEventStore(await SqlEventStore.open(executor), {
    personalData: personalDataMap,
    keys: new SqlKeyStore(executor, MasterKey.generate()),
  });
  cases = new CaseApplication(
    store,
    defaultDeadlinePolicy,
    WorkingCalendar.default(),
    () => new Date(at('2026-03-02T12:00:00')),
  );
  issuer = await LocalIssuer.create();
  gateway = createGateway({ store, cases, verifier: issuer.verifier() });
  // One timeline: a hotline report, forwarded, assessed by the commune, a police investigation with a statement.
  await cases.handle(
    caseId,
    {
      type: 'ReceiveReport',
      data: {
        caseId,
        receivedAt: at('2026-03-02T08:00:00'),
        channel: 'HOTLINE_111',
        incidentCommuneCode: QUY_NHON,
        category: 'ABUSED',
        formsOfHarm: ['VIOLENCE'],
        child: { childId: randomUUID(), fullName: 'Huỳnh Ngọc Vy', estimatedAge: 10, sex: 'FEMALE' },
        relatives: [],
        narrative: 'Trẻ bị đánh nhiều lần.',
        reporter: {
          consentToRecordIdentity: true,
          reporterId: randomUUID(),
          fullName: 'Người báo tin',
          phone: '0912345678',
        },
      },
    },
    { caller: caller('hotline_operator') },
  );
  await cases.handle(
    caseId,
    { type: 'ForwardToCommune', data: { toCommuneCode: QUY_NHON, forwardedAt: at('2026-03-02T08:30:00') } },
    { caller: caller('hotline_operator'), expectedRevision: 0 },
  );
  await cases.handle(
    caseId,
    {
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: at('2026-03-02T10:00:00'),
        riskLevel: 'MEDIUM',
        childInSeriousDanger: false,
        emergencyMeasure: 'NONE',
        findings: 'Vết bầm ở tay.',
      },
    },
    { caller: caller('commune_officer', [QUY_NHON]), expectedRevision: 1 },
  );
  const investigationId = randomUUID();
  await cases.handle(
    caseId,
    {
      type: 'OpenInvestigation',
      data: { investigationId, openedAt: at('2026-03-02T10:30:00'), unit: 'Công an phường Quy Nhơn' },
    },
    { caller: caller('police_investigator', [QUY_NHON]), expectedRevision: 2 },
  );
  await cases.handle(
    caseId,
    {
      type: 'RecordStatement',
      data: {
        investigationId,
        statementId: randomUUID(),
        recordedAt: at('2026-03-02T11:00:00'),
        from: 'WITNESS',
        summary: 'Hàng xóm nghe tiếng khóc.',
      },
    },
    { caller: caller('police_investigator', [QUY_NHON]), expectedRevision: 3 },
  );
});
afterAll(async () => {
  await store?.close();
});

const QUERY = `query ($id: ID!) { case(id: $id) { id status revision deadlines { kind status } timeline(first: 50) { edges { node { revision type agency visibility data } } } } }`;

async function ask(role: Role | undefined, communes: string[] = [], id = caseId) {
  const token = role
    ? await issuer.mint({ sub: `${role}-user`, agency: agencyOfRole[role], role, communes })
    : undefined;
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: QUERY, variables: { id } }),
  });
  const body = (await response.json()) as {
    data?: {
      case:
        | null
        | ({ timeline: { edges: Array<{ node: Record<string, unknown> }> } } & Record<string, unknown>);
    };
    errors?: unknown[];
  };
  return {
    status: response.status,
    body,
    timeline: body.data?.case?.timeline.edges.map((edge) => edge.node) ?? [],
  };
}

describe('the gateway: one timeline, a lens per agency', () => {
  it('the commune officer sees the whole timeline, the reporter included, and the deadlines', async () => {
    const { body, timeline } = await ask('commune_officer', [QUY_NHON]);
    expect(body.data?.case).toMatchObject({ status: 'INITIAL_ASSESSED', revision: 4 });
    expect(timeline.map((node) => node.type)).toEqual([
      'ReportReceived',
      'ReportForwardedToCommune',
      'InitialAssessmentCompleted',
      'InvestigationOpened',
      'StatementRecorded',
    ]);
    expect(timeline[0]?.data).toMatchObject({
      reporter: { fullName: 'Người báo tin' },
      child: { fullName: 'Huỳnh Ngọc Vy' },
    });
    // Police statement details are redacted for the commune: it learns a statement was taken, not what.
    expect(timeline[4]).toMatchObject({
      type: 'StatementRecorded',
      visibility: 'REDACTED',
      data: null,
      agency: 'police',
    });
  });

  it('the police see their statement; the province sees names masked; auditors the same', async () => {
    const police = await ask('police_investigator', [QUY_NHON]);
    expect(police.timeline[4]).toMatchObject({
      visibility: 'VISIBLE',
      data: { summary: 'Hàng xóm nghe tiếng khóc.' },
    });
    const province = await ask('provincial_coordinator');
    expect(province.timeline[0]?.data).toMatchObject({ child: MASKED, narrative: 'Trẻ bị đánh nhiều lần.' });
    expect(province.timeline[0]?.data).not.toHaveProperty('reporter');
    expect(JSON.stringify(province.body)).not.toContain('Huỳnh Ngọc Vy');
  });

  it('answers a case outside the reader’s reach exactly like one that does not exist', async () => {
    const otherCommune = await ask('commune_officer', ['23575']);
    const missing = await ask('commune_officer', ['23575'], randomUUID());
    expect(otherCommune.body).toEqual({ data: { case: null } });
    expect(missing.body).toEqual(otherCommune.body);
    expect((await ask('school_safety_officer', [QUY_NHON])).body).toEqual({ data: { case: null } });
    expect((await ask('hotline_operator')).body).toEqual({ data: { case: null } });
  });

  it('401 without or with a bad token', async () => {
    expect((await ask(undefined)).status).toBe(401);
    const forged = await gateway.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(forged.status).toBe(401);
  });

  it('the committed schema.graphql matches the code (run `pnpm --filter @chungtay/gateway schema`)', async () => {
    expect(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
  });
});
