import { randomUUID } from 'node:crypto';
import type { Role } from '@chungtay/contracts';
import { MasterKey, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import {
  createTestDatabase,
  kafkaBrokers,
  postgresAdminUrl,
  reportFixture,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTopology, type Topology, topologyServices } from '../src/topology.ts';
import { keycloakStaff } from './keycloak-staff.ts';

/**
 * Issue 17, item 1, under load: the seven processes reach PostgreSQL through a TCP proxy, which is cut for
 * 3 seconds while reports flow (a restart, as the clients see it) and then restored. Every process lives
 * through it and is ready again by itself; clients are told 503, never 500; every report acknowledged is in
 * the store once and in the work queue; nothing is dead-lettered.
 */
const QUY_NHON = '21583';
let database: TestDatabase;
let proxy: TcpProxy;
let topology: Topology;
const staff = keycloakStaff((role) => (role.startsWith('commune') ? [QUY_NHON] : []));

beforeAll(async () => {
  database = await createTestDatabase('topology_outage');
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url).port || 5432) });
  topology = await startTopology({
    databaseUrl: proxy.via(database.url),
    kafkaBrokers: kafkaBrokers().join(','),
    topicPrefix: `${uniqueName('outage')}.`,
    oidc: staff.oidc,
    masterKey: MasterKey.generate().toBase64(),
    environment: { REFERRAL_WORKER_MS: '500', DEADLINE_CHECK_MS: '1000' },
  });
}, 180_000);
afterAll(async () => {
  if (topology) await topology.stop();
  await proxy?.close();
  await database?.drop();
});

const token = async (role: Role) => (await staff.tokenOf(role)).token;

const RECEIVE =
  'mutation ($report: ReceiveReportInput!, $key: String) { receiveReport(report: $report, idempotencyKey: $key) { id } }';
const QUEUE = '{ workQueue(first: 100) { edges { node { id status } } } }';

const statuses: number[] = [];
const codes = new Set<string>();
/** One report, sent with its Idempotency-Key until the platform answers anything but "unavailable". */
const send = async (caseId: string) => {
  const hotline = await token('hotline_operator');
  const body = JSON.stringify({
    query: RECEIVE,
    // The retry key travels as the mutation's argument: the gateway forwards it to the case service.
    variables: {
      key: `outage-${caseId}`,
      report: reportFixture(caseId, { narrative: 'Tin báo trong lúc mất kết nối.' }),
    },
  });
  return waitFor(
    async () => {
      const response = await fetch(`${topology.urls.gateway}/graphql`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${hotline}`,
          'content-type': 'application/json',
        },
        body,
      });
      statuses.push(response.status);
      const answer = (await response.json()) as {
        data?: unknown;
        errors?: Array<{ extensions?: { code?: string } }>;
      };
      for (const error of answer.errors ?? []) codes.add(error.extensions?.code ?? 'NONE');
      return answer.data ? caseId : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'a report acknowledged' },
  );
};

/** Each case's stream holds its report, once: nothing lost, nothing doubled. */
async function expectStoredOnce(caseIds: readonly string[]): Promise<void> {
  const executor = postgresExecutor({ connectionString: database.url, maxConnections: 2 });
  const store = await SqlEventStore.open(executor, { migrate: false });
  try {
    for (const caseId of caseIds)
      expect(
        (await store.readStream(`case-${caseId}`)).map((event) => event.type),
        caseId,
      ).toEqual(['ReportReceived']);
  } finally {
    await executor.close();
  }
}

describe('a PostgreSQL outage while reports flow', () => {
  it('no process dies, clients get 503 and retry, nothing is lost, doubled or dead-lettered', async () => {
    statuses.length = 0;
    codes.clear();
    const acknowledged: string[] = [];
    let flowing = true;
    const flow = (async () => {
      while (flowing) acknowledged.push(await send(randomUUID()));
    })();
    await waitFor(() => (acknowledged.length >= 5 ? true : undefined), { timeoutMs: 60_000 });
    await proxy.cut();
    // Reports keep coming in; the outage is seen by the clients.
    await waitFor(() => (statuses.includes(503) ? true : undefined), {
      timeoutMs: 30_000,
      what: 'a 503 during the outage',
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the outage lasts as a restart's (the fault itself)
    await proxy.restore();
    const afterReturn = acknowledged.length;
    await waitFor(() => (acknowledged.length >= afterReturn + 5 ? true : undefined), { timeoutMs: 60_000 });
    flowing = false;
    await flow;

    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    // "Still being handled" too: an attempt the outage cut short holds its key until it may be taken over.
    expect([...codes].filter((code) => code !== 'SERVICE_UNAVAILABLE' && code !== 'CONFLICT')).toEqual([]);
    // Every process lived through it, and is ready by itself.
    expect(
      Object.values(topology.restarts).every((count) => count === 0),
      JSON.stringify(topology.deaths),
    ).toBe(true);
    for (const service of topologyServices)
      await waitFor(
        async () =>
          (await fetch(`${topology.urls[service]}/health/ready`)).status === 200 ? true : undefined,
        { timeoutMs: 30_000, what: `${service} ready` },
      );
    // Each acknowledged report is stored once (0 lost, 0 doubled) and reaches the work queue.
    await expectStoredOnce(acknowledged);
    const officer = await token('commune_officer');
    await waitFor(
      async () => {
        const response = await fetch(`${topology.urls.gateway}/graphql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUEUE }),
        });
        const answer = (await response.json()) as {
          data?: { workQueue: { edges: Array<{ node: { id: string; status: string } }> } };
        };
        const queued = new Map(answer.data?.workQueue.edges.map((edge) => [edge.node.id, edge.node.status]));
        return acknowledged.every((caseId) => queued.get(caseId) === 'REPORTED') ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'every acknowledged report in the work queue' },
    );
    // Nothing dead-lettered, no stream marked stale, in any process.
    for (const service of topologyServices) {
      const metrics = await (await fetch(`${topology.urls[service]}/metrics`)).text();
      for (const match of metrics.matchAll(
        /chungtay_consumer_(dead_lettered_total|stale_streams)\{[^}]*\} (\d+)/g,
      ))
        expect(Number(match[2]), `${service} ${match[1]}`).toBe(0);
    }
  });
});

describe('the case service killed while reports flow (issue 17, item 4)', () => {
  it('a client that retries with its key until answered ends with each report stored once, answered as applied', async () => {
    statuses.length = 0;
    codes.clear();
    const acknowledged: string[] = [];
    let flowing = true;
    const flow = (async () => {
      while (flowing) acknowledged.push(await send(randomUUID()));
    })();
    for (let kill = 1; kill <= 2; kill++) {
      const before = acknowledged.length;
      await waitFor(() => (acknowledged.length >= before + 3 ? true : undefined), { timeoutMs: 60_000 });
      topology.processes.case.child.kill('SIGKILL');
      await waitFor(() => (topology.restarts.case >= kill ? true : undefined), {
        timeoutMs: 60_000,
        what: 'the case service started again',
      });
    }
    const afterRestarts = acknowledged.length;
    await waitFor(() => (acknowledged.length >= afterRestarts + 3 ? true : undefined), { timeoutMs: 60_000 });
    flowing = false;
    await flow;
    // Told "unavailable" while it was down, "still being handled" while a dead attempt held the key: never a 500.
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect([...codes].filter((code) => code !== 'SERVICE_UNAVAILABLE' && code !== 'CONFLICT')).toEqual([]);
    await expectStoredOnce(acknowledged);
  });
});

describe('the server ending every connection (57P01, as at a restart) while reports flow', () => {
  it('no process dies, no 500, each report stored once, nothing dead-lettered', async () => {
    const restartsBefore = { ...topology.restarts };
    statuses.length = 0;
    codes.clear();
    const acknowledged: string[] = [];
    let flowing = true;
    const flow = (async () => {
      while (flowing) acknowledged.push(await send(randomUUID()));
    })();
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      for (let round = 1; round <= 3; round++) {
        const before = acknowledged.length;
        await waitFor(() => (acknowledged.length >= before + 3 ? true : undefined), { timeoutMs: 60_000 });
        // What `pg_ctlcluster … restart` does to each client first: "terminating connection due to
        // administrator command", on idle and checked-out connections alike.
        const { rows } = await admin.query<{ ended: number }>(
          'select count(pg_terminate_backend(pid))::int as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database.name],
        );
        expect(rows[0]?.ended).toBeGreaterThan(0);
      }
    } finally {
      await admin.end();
    }
    const afterRounds = acknowledged.length;
    await waitFor(() => (acknowledged.length >= afterRounds + 3 ? true : undefined), { timeoutMs: 60_000 });
    flowing = false;
    await flow;
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect([...codes].filter((code) => code !== 'SERVICE_UNAVAILABLE' && code !== 'CONFLICT')).toEqual([]);
    expect(topology.restarts, JSON.stringify(topology.deaths)).toEqual(restartsBefore);
    await expectStoredOnce(acknowledged);
    for (const service of topologyServices) {
      await waitFor(
        async () =>
          (await fetch(`${topology.urls[service]}/health/ready`)).status === 200 ? true : undefined,
        { timeoutMs: 30_000, what: `${service} ready` },
      );
      const metrics = await (await fetch(`${topology.urls[service]}/metrics`)).text();
      for (const match of metrics.matchAll(
        /chungtay_consumer_(dead_lettered_total|stale_streams)\{[^}]*\} (\d+)/g,
      ))
        expect(Number(match[2]), `${service} ${match[1]}`).toBe(0);
    }
  });
});
