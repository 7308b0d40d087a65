/**
 * Recovery of the production topology (issue 17): seven processes on the real PostgreSQL and Kafka broker.
 * - recovery.after_kill: from `kill -9` of a consumer service (legal aid) to its first 200 on
 *   /health/ready and a fresh event applied by the new process;
 * - recovery.after_db_restart: PostgreSQL unreachable for 3 s (a TCP proxy in front of it is cut, as a
 *   restart looks to the clients), then from its return to a fresh event applied in every read model;
 * - recovery.after_broker_restart: the benchmark's own broker halted for 3 s, then from its return to a
 *   fresh event applied in every read model.
 * Target ≤ 10 s each. Starts its own broker; prints one RESULT line per figure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agencyOfRole, type Role } from '@chungtay/contracts';
import { MasterKey } from '@chungtay/event-store';
import { LocalIssuer } from '@chungtay/service-kit';
import {
  createTestDatabase,
  reportFixture,
  startKafkaBroker,
  startTcpProxy,
  uniqueName,
  waitFor,
} from '@chungtay/testing';
import { startTopology, type TopologyService } from '../src/topology.ts';

const QUY_NHON = '21583';
const step = (line: string) => process.stderr.write(`recovery: ${line}\n`);
const OUTAGE_MS = 3_000;
const broker = await startKafkaBroker();
const database = await createTestDatabase('bench_recovery');
const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url).port || 5432) });
const issuer = await LocalIssuer.create('https://id.gialai.example', 'chungtay');
const jwks = await serveJwks(issuer);
step('broker, database and proxy up; starting the topology');
const topology = await startTopology({
  databaseUrl: proxy.via(database.url),
  kafkaBrokers: broker.brokers,
  topicPrefix: `${uniqueName('recovery')}.`,
  oidc: { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: jwks.url },
  masterKey: MasterKey.generate().toBase64(),
  environment: { REFERRAL_WORKER_MS: '500' },
});

const token = (role: Role) =>
  issuer.mint({
    sub: `${role}-bench`,
    role,
    agency: agencyOfRole[role],
    communes: role.startsWith('commune') ? [QUY_NHON] : [],
  });

/** A report through the gateway, retried while the platform says it is unavailable; its case id. */
async function report(): Promise<string> {
  const caseId = randomUUID();
  const body = JSON.stringify({
    query:
      'mutation ($report: ReceiveReportInput!, $key: String) { receiveReport(report: $report, idempotencyKey: $key) { id } }',
    variables: {
      key: `bench-${caseId}`,
      report: reportFixture(caseId, { receivedAt: new Date(Date.now() - 60_000).toISOString() }),
    },
  });
  const bearer = await token('hotline_operator');
  await waitFor(
    async () => {
      const response = await fetch(`${topology.urls.gateway}/graphql`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
        },
        body,
      }).catch(() => undefined);
      const answer = (await response?.json().catch(() => undefined)) as { data?: unknown } | undefined;
      return answer?.data ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 100, what: 'a report accepted' },
  );
  return caseId;
}

const consumers: readonly TopologyService[] = [
  'gateway',
  'referral',
  'legal-aid',
  'medical',
  'school-safety',
];
const applied = async (service: TopologyService) => {
  const text = await (await fetch(`${topology.urls[service]}/metrics`).catch(() => undefined))?.text();
  return [...(text ?? '').matchAll(/chungtay_consumer_applied_total\{[^}]*\} (\d+)/g)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
};
/** Waits until every consumer process applied more events than `before` says (a fresh one each). */
async function everyReadModelMoved(before: Readonly<Record<string, number>>): Promise<void> {
  for (const service of consumers)
    await waitFor(async () => ((await applied(service)) > (before[service] ?? 0) ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `${service} applying a fresh event`,
    });
}
const counts = async () =>
  Object.fromEntries(await Promise.all(consumers.map(async (service) => [service, await applied(service)])));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

try {
  step('topology up; a first report');
  const initial = await counts();
  await report();
  await everyReadModelMoved(initial);
  step('every read model applied it; killing legal aid');

  // 1. kill -9 of a consumer service.
  const victim = topology.processes['legal-aid'];
  const killedAt = performance.now();
  victim.child.kill('SIGKILL');
  await waitFor(
    async () =>
      topology.restarts['legal-aid'] > 0 &&
      (await fetch(`${topology.urls['legal-aid']}/health/ready`).catch(() => undefined))?.status === 200
        ? true
        : undefined,
    { timeoutMs: 120_000, intervalMs: 50, what: 'legal aid ready again' },
  );
  const readyAfter = seconds(killedAt);
  const beforeKill = await applied('legal-aid');
  await report();
  await waitFor(async () => ((await applied('legal-aid')) > beforeKill ? true : undefined), {
    timeoutMs: 120_000,
    intervalMs: 50,
  });
  process.stdout.write(
    `RESULT recovery.after_kill s=${seconds(killedAt)} ready_s=${readyAfter} target_s=10\n`,
  );

  step('PostgreSQL away');
  // 2. PostgreSQL away for a moment, as a restart looks to its clients.
  await proxy.cut();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  const beforeDb = await counts();
  await proxy.restore();
  const dbBack = performance.now();
  await report();
  await everyReadModelMoved(beforeDb);
  const deadProcesses = Object.values(topology.restarts).reduce((sum, n) => sum + n, 0) - 1;
  process.stdout.write(
    `RESULT recovery.after_db_restart s=${seconds(dbBack)} outage_s=${OUTAGE_MS / 1000} processes_restarted=${deadProcesses} target_s=10\n`,
  );

  step('the broker halted');
  // 3. The broker halted and started again with its data.
  await broker.halt();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  const beforeBroker = await counts();
  await broker.resume();
  const brokerBack = performance.now();
  await report();
  await everyReadModelMoved(beforeBroker);
  process.stdout.write(`RESULT recovery.after_broker_restart s=${seconds(brokerBack)} target_s=10\n`);
} finally {
  await topology.stop();
  await jwks.close();
  await proxy.close();
  await database.drop();
  await broker.stop();
}

/**
 * A stand-in identity provider for this benchmark, which measures recovery, not sign-in: it serves a local
 * issuer's public keys at `/.well-known/jwks.json` (the topology itself runs behind Keycloak).
 */
async function serveJwks(issuer: LocalIssuer): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const body =
      request.url === '/.well-known/jwks.json'
        ? issuer.jwks
        : request.url === '/.well-known/openid-configuration'
          ? { issuer: issuer.issuer, jwks_uri: `${base}/.well-known/jwks.json` }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
