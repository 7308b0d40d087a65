import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildConsole } from '@chungtay/console/build';
import type { Role } from '@chungtay/contracts';
import { MasterKey } from '@chungtay/event-store';
import { LocalIssuer } from '@chungtay/service-kit';
import {
  createTestDatabase,
  kafkaBrokers,
  reportFixture,
  runToExit,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTopology, type Topology, topologyServices } from '../src/topology.ts';
import { keycloakStaff } from './keycloak-staff.ts';

/**
 * The production topology on this machine: seven processes (case, relay, referral, legal aid, medical, school
 * safety, gateway), each configured only by its environment, on the real PostgreSQL and Kafka broker, trusting
 * the run's real Keycloak (tokens from its own sign-in, keys from its JWKS). J1–J3 go through the gateway.
 */
const QUY_NHON = '21583';

/** Every file under a directory (the broker's log segments). */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
let database: TestDatabase;
let topology: Topology;
const logs: string[] = [];
/** The people the journeys need, as accounts of the real Keycloak the run started. */
const staff = keycloakStaff((role) =>
  ['commune_officer', 'commune_chair', 'police_investigator'].includes(role) ? [QUY_NHON] : [],
);

beforeAll(async () => {
  // The console the gateway serves, as `pnpm test` and `pnpm start` build it.
  await buildConsole();
  database = await createTestDatabase('topology');
  topology = await startTopology({
    databaseUrl: database.url,
    kafkaBrokers: kafkaBrokers().join(','),
    topicPrefix: `${uniqueName('topology')}.`,
    oidc: staff.oidc,
    masterKey: MasterKey.generate().toBase64(),
    environment: { REFERRAL_WORKER_MS: '200', DEADLINE_CHECK_MS: '1000' },
    onLog: (service, line) => logs.push(`${service} ${line}`),
  });
}, 180_000);
afterAll(async () => {
  if (topology) await topology.stop();
  await database?.drop();
});

interface Answer<Data> {
  readonly status: number;
  readonly data?: Data;
  readonly errors?: Array<{ message: string; extensions?: { code?: string; heldBy?: string } }>;
}

async function ask<Data = Record<string, never>>(
  who: Role | { name: string; role: Role },
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer<Data>> {
  const { token: bearer } =
    typeof who === 'string' ? await staff.tokenOf(who) : await staff.tokenOf(who.role, who.name);
  const response = await fetch(`${topology.urls.gateway}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer<Data>, 'status'>) };
}

const RECEIVE = 'mutation ($report: ReceiveReportInput!) { receiveReport(report: $report) { id revision } }';
const STEP =
  'mutation ($caseId: ID!, $rev: Int!, $type: CaseCommandType!, $data: JSON!) { caseCommand(caseId: $caseId, expectedRevision: $rev, type: $type, data: $data) { revision events } }';
const QUEUE = '{ workQueue(first: 50) { edges { node { id status deadlines { kind status } } } } }';
const CASE =
  'query ($id: ID!) { case(id: $id) { status revision timeline(first: 50) { edges { node { type } } } } }';
const ISSUE =
  'mutation ($caseId: ID!, $referral: IssueReferralInput!) { issueReferral(caseId: $caseId, referral: $referral) { id } }';
const ACT =
  'mutation ($caseId: ID!, $referralId: ID!, $action: ReferralAction!) { referralAction(caseId: $caseId, referralId: $referralId, action: $action) { id } }';
const AGENCY =
  'mutation ($caseId: ID!, $type: String!, $data: JSON!) { agencyCommand(service: LEGAL_AID, caseId: $caseId, type: $type, data: $data) { events } }';
const INBOX = '{ referralInbox(first: 50) { edges { node { referralId status } } } }';

type Queue = {
  workQueue: { edges: Array<{ node: { id: string; status: string; deadlines: Array<{ kind: string }> } }> };
};
type Inbox = { referralInbox: { edges: Array<{ node: { referralId: string; status: string } }> } };

describe('the distributed topology', () => {
  it('serves liveness, readiness and Prometheus metrics from every process', async () => {
    for (const service of topologyServices) {
      const url = topology.urls[service];
      expect((await fetch(`${url}/health/live`)).status, service).toBe(200);
      expect((await fetch(`${url}/health/ready`)).status, service).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics, service).toMatch(/process_cpu_user_seconds_total|chungtay_relay_published_total/);
    }
    const gatewayMetrics = await (await fetch(`${topology.urls.gateway}/metrics`)).text();
    expect(gatewayMetrics).toContain('chungtay_consumer_lag{consumer="case-queue"');
    expect(gatewayMetrics).toContain('chungtay_http_requests_total');
    // Authentication is real: the services fetched the provider's keys; a token from another issuer fails.
    const stranger = await LocalIssuer.create('https://elsewhere.example', 'chungtay');
    const response = await fetch(`${topology.urls.gateway}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stranger.mint({ sub: 'x', role: 'auditor', agency: 'inspectorate', communes: [] })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: QUEUE }),
    });
    expect(response.status).toBe(401);
  });

  it('serves the console from the gateway, with no route that mints a token (issue 18, item 1)', async () => {
    const page = await fetch(`${topology.urls.gateway}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    const signIn = await fetch(`${topology.urls.gateway}/console/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'auditor' }),
    });
    expect(signIn.status).toBe(404);
    expect((await fetch(`${topology.urls.gateway}/console/demo-users`)).status).toBe(404);
    // People sign in at the province's identity provider, the one the services trust.
    expect(await (await fetch(`${topology.urls.gateway}/console/config`)).json()).toEqual({
      signIn: 'oidc',
      issuer: staff.oidc.issuer,
      clientId: 'chungtay-console',
    });
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${new URL(staff.oidc.issuer).origin}`,
    );
  });

  it('J1–J3: a report, the commune’s steps, a police append, and a referral claimed by exactly one officer', async () => {
    // J1: the hotline records a report; the commune officer finds it in the work queue (through Kafka).
    const caseId = randomUUID();
    const received = await ask<{ receiveReport: { id: string; revision: number } }>(
      'hotline_operator',
      RECEIVE,
      {
        report: {
          caseId,
          receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
          channel: 'HOTLINE_111',
          incidentCommuneCode: QUY_NHON,
          category: 'ABUSED',
          formsOfHarm: ['VIOLENCE'],
          relatives: [],
          child: { childId: randomUUID(), fullName: 'Rơ Châm H’Blơn', estimatedAge: 10, sex: 'FEMALE' },
          narrative: 'Hàng xóm báo trẻ bị đánh.',
          reporter: { consentToRecordIdentity: false },
        },
      },
    );
    expect(received.errors).toBeUndefined();
    expect(received.data?.receiveReport.revision).toBe(0);
    const queued = await waitFor(
      async () => {
        const answer = await ask<Queue>('commune_officer', QUEUE);
        return answer.data?.workQueue.edges.find((edge) => edge.node.id === caseId)?.node;
      },
      { timeoutMs: 30_000 },
    );
    expect(queued.status).toBe('REPORTED');
    expect(queued.deadlines.map((deadline) => deadline.kind)).toContain('FORWARD_TO_COMMUNE');
    const now = () => new Date().toISOString();
    const forwarded = await ask<{ caseCommand: { revision: number } }>('hotline_operator', STEP, {
      caseId,
      rev: 0,
      type: 'ForwardToCommune',
      data: { toCommuneCode: QUY_NHON, forwardedAt: now() },
    });
    expect(forwarded.data?.caseCommand.revision).toBe(1);
    const assessed = await ask<{ caseCommand: { revision: number } }>('commune_officer', STEP, {
      caseId,
      rev: 1,
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: now(),
        riskLevel: 'HIGH',
        childInSeriousDanger: true,
        emergencyMeasure: 'EMERGENCY_INTERVENTION',
        findings: 'Vết bầm ở tay.',
      },
    });
    expect(assessed.data?.caseCommand.revision).toBe(2);

    // J2: the police append at the revision they read; a stale revision is refused; they read their write at once.
    const investigationId = randomUUID();
    const opened = await ask<{ caseCommand: { revision: number } }>('police_investigator', STEP, {
      caseId,
      rev: 2,
      type: 'OpenInvestigation',
      data: { investigationId, openedAt: now(), unit: 'ca-21583' },
    });
    expect(opened.data?.caseCommand.revision).toBe(3);
    const stale = await ask('police_investigator', STEP, {
      caseId,
      rev: 2,
      type: 'CloseInvestigation',
      data: { investigationId, closedAt: now(), outcome: 'OTHER' },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('STALE_REVISION');
    const read = await ask<{
      case: { revision: number; timeline: { edges: Array<{ node: { type: string } }> } };
    }>('police_investigator', CASE, { id: caseId });
    expect(read.data?.case.revision).toBe(3);
    expect(read.data?.case.timeline.edges.map((edge) => edge.node.type)).toContain('InvestigationOpened');

    // J3: a referral to legal aid reaches its inbox; two officers race to claim it; exactly one wins.
    const referralId = randomUUID();
    const issued = await ask('commune_officer', ISSUE, {
      caseId,
      referral: {
        referralId,
        toAgency: 'legal_aid',
        reason: 'Gia đình cần trợ giúp pháp lý.',
        urgency: 'URGENT',
        dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        sharingBasis: 'CONSENT',
      },
    });
    expect(issued.errors).toBeUndefined();
    await waitFor(
      async () =>
        (await ask<Inbox>('legal_aid_officer', INBOX)).data?.referralInbox.edges.find(
          (edge) => edge.node.referralId === referralId,
        ),
      { timeoutMs: 30_000 },
    );
    const race = await Promise.all(
      ['lan', 'minh'].map((name) =>
        ask<{ referralAction: { id: string } }>({ name, role: 'legal_aid_officer' }, ACT, {
          caseId,
          referralId,
          action: 'claim',
        }),
      ),
    );
    const winners = race.filter((answer) => answer.data?.referralAction.id === referralId);
    const losers = race.filter((answer) => answer.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = race.indexOf(winners[0] as (typeof race)[number]) === 0 ? 'lan' : 'minh';
    expect(losers[0]?.errors?.[0]?.extensions?.heldBy).toBe(
      (await staff.tokenOf('legal_aid_officer', winner)).sub,
    );
    expect(
      (await ask({ name: winner, role: 'legal_aid_officer' }, ACT, { caseId, referralId, action: 'accept' }))
        .errors,
    ).toBeUndefined();
    const closed = await ask<{ agencyCommand: { events: string[] } }>(
      { name: winner, role: 'legal_aid_officer' },
      AGENCY,
      {
        caseId,
        type: 'CloseLegalAid',
        data: { referralId, outcome: 'ADVICE_ONLY', summary: 'Đã tư vấn cho gia đình.' },
      },
    );
    expect(closed.data?.agencyCommand.events).toEqual(['LegalAidClosed', 'ReferralCompleted']);
    // The commune sees the outcome in the referrals it sent, through Kafka.
    await waitFor(
      async () =>
        (await ask<Inbox>('commune_officer', INBOX)).data?.referralInbox.edges.find(
          (edge) => edge.node.referralId === referralId && edge.node.status === 'COMPLETED',
        ),
      { timeoutMs: 30_000 },
    );
    // Nothing personal in any process's log: not the child's name, not the narrative.
    expect(logs.join('\n')).not.toContain('H’Blơn');
    expect(logs.join('\n')).not.toContain('bị đánh');
  });

  it('erases a person on the coordinator’s command: the gateway stops serving it at once, and nothing is left to find in the database, Kafka or the logs (issue 16, item 7)', async () => {
    const NAME = 'Kpă H’Erasa';
    const ID_NUMBER = '064316676218';
    const childId = randomUUID();
    const rest = async (role: Role, path: string, body: unknown, revision?: number) => {
      const response = await fetch(`${topology.urls.case}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${(await staff.tokenOf(role)).token}`,
          'content-type': 'application/json',
          ...(revision === undefined ? {} : { 'if-match': `"${revision}"` }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const registered = await rest('commune_officer', '/children', {
      childId,
      registeredAt: new Date(Date.now() - 7_200_000).toISOString(),
      fullName: NAME,
      birthDate: '2016-04-02',
      sex: 'FEMALE',
      ethnicity: 'Jrai',
      personalIdNumber: ID_NUMBER,
      communeCode: QUY_NHON,
      birthRegistration: 'REGISTERED',
      specialCircumstances: [],
    });
    expect(registered.status).toBe(201);
    const caseId = randomUUID();
    const report = reportFixture(caseId, { child: { childId, fullName: NAME }, narrative: 'Trẻ bị đánh.' });
    expect((await ask('hotline_operator', RECEIVE, { report })).errors).toBeUndefined();
    // The gateway opened the child's name for the commune's lens, through Kafka and its timeline cache.
    const TIMELINE =
      'query ($id: ID!) { case(id: $id) { timeline(first: 50) { edges { node { type data } } } } }';
    const seen = async () =>
      JSON.stringify((await ask('commune_officer', TIMELINE, { id: caseId })).data ?? null);
    await waitFor(async () => ((await seen()).includes(NAME) ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the child’s name on the commune officer’s timeline',
    });
    const erasure = {
      type: 'EraseChildData',
      data: { erasedAt: new Date().toISOString(), grounds: 'GUARDIAN_REQUEST', reference: '15/PYC-SYT' },
    };
    // Only the provincial coordinator erases; the commune officer is refused and nothing changes.
    const revision = registered.body.revision as number;
    expect((await rest('commune_officer', `/children/${childId}/commands`, erasure, revision)).status).toBe(
      403,
    );
    expect(
      await rest('provincial_coordinator', `/children/${childId}/commands`, erasure, revision),
    ).toMatchObject({
      status: 200,
      body: { events: ['ChildDataErased'] },
    });
    // The gateway hears of it over Kafka: its key cache and its timeline cache let go of the name now, not
    // when their entries would have expired.
    await waitFor(async () => (!(await seen()).includes(NAME) ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the gateway to stop serving the erased name',
    });
    expect(await seen()).toContain('"$erased":true');
    // Nothing of the person in the database: no plaintext, no index row.
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', database.url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain(childId);
    for (const trace of [NAME, ID_NUMBER]) expect(dump.includes(trace), trace).toBe(false);
    const pool = new pg.Pool({ connectionString: database.url });
    try {
      const { rows } = await pool.query('select 1 from case_service.child_index where child_id = $1', [
        childId,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await pool.end();
    }
    // Nor in the broker's log segments (events travel sealed), nor in any process's log.
    const port = kafkaBrokers()[0]?.split(':')[1];
    const segments = await filesUnder(join(process.env.TMPDIR ?? '/tmp', `chungtay-kafka-${port}`, 'data'));
    expect(segments.length).toBeGreaterThan(0);
    for (const file of segments) {
      const bytes = await readFile(file);
      for (const trace of [NAME, ID_NUMBER])
        expect(bytes.includes(Buffer.from(trace)), `${trace} in ${file}`).toBe(false);
    }
    for (const trace of [NAME, ID_NUMBER]) expect(logs.join('\n').includes(trace), trace).toBe(false);
  });

  it('a process killed with SIGKILL is started again on its port and applies fresh events (issue 17, item 8)', async () => {
    const victim = topology.processes['legal-aid'];
    const url = topology.urls['legal-aid'];
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    await waitFor(() => (topology.restarts['legal-aid'] === 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the legal-aid process started again',
    });
    expect(topology.processes['legal-aid'].child.pid).not.toBe(victim.child.pid);
    await waitFor(async () => ((await fetch(`${url}/health/ready`)).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the legal-aid process ready on its port',
    });
    // A fresh event reaches the new process's consumer (its own count of applied events starts at zero).
    const caseId = randomUUID();
    const report = reportFixture(caseId, { child: { fullName: 'Siu H’Yến' }, narrative: 'Trẻ bị bỏ mặc.' });
    expect((await ask('hotline_operator', RECEIVE, { report })).errors).toBeUndefined();
    const applied = async () =>
      Number(
        /chungtay_consumer_applied_total\{[^}]*\} (\d+)/.exec(
          await (await fetch(`${url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    await waitFor(async () => ((await applied()) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'a fresh event applied by the new legal-aid process',
    });
  });

  it('stops every process gracefully on SIGTERM (exit code 0)', async () => {
    const codes = await topology.stop();
    expect(codes).toEqual(Object.fromEntries(topologyServices.map((service) => [service, 0])));
    topology = undefined as unknown as Topology;
  });
});

describe('a service process with a bad configuration', () => {
  it('exits with code 2, naming each variable and never printing a value', async () => {
    const main = fileURLToPath(new URL('../../case/src/main.ts', import.meta.url));
    const { code, stderr } = await runToExit(main, {
      cwd: fileURLToPath(new URL('../../case/', import.meta.url)),
      env: {
        PATH: process.env.PATH ?? '',
        CHUNGTAY_MASTER_KEY: 'HUSH-not-a-key',
        OIDC_JWKS_URL: 'ftp://x',
      },
    });
    expect(code).toBe(2);
    for (const variable of [
      'DATABASE_URL',
      'OIDC_ISSUER',
      'OIDC_JWKS_URL',
      'CHUNGTAY_MASTER_KEY',
      'CHUNGTAY_INDEX_SECRET',
    ])
      expect(stderr).toContain(`case: ${variable}:`);
    expect(stderr).not.toContain('HUSH');
  });
});
