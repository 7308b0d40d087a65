import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { personalDataMap, unitLabel } from '@chungtay/contracts';
import { demoStaff, seedDemoOnce } from '@chungtay/demo';
import {
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { AUDIENCE, KeycloakDirectory, REALM } from '@chungtay/identity';
import { keptSecret } from '@chungtay/service-kit';
import pg from 'pg';
import { startTopology } from './topology.ts';

/**
 * `pnpm topology`: the production topology on this machine — every service its own process against the
 * PostgreSQL at POSTGRES_URL (a database of its own) and the Kafka broker at KAFKA_BROKERS (or a local one
 * it starts), behind the province's Keycloak at KEYCLOAK_URL (or a local one it starts, with the realm
 * generated from the code), the demo's staff added to its directory as `chungtay users` adds them, and the
 * Gia Lai demo in an empty store. The console is the gateway's, at http://127.0.0.1:TOPOLOGY_GATEWAY_PORT.
 * Flags: --fresh (drop the database, keys and Keycloak's data first), --empty (no demo), --verbose.
 */
const args = new Set(process.argv.slice(2));
const out = (line = '') => process.stdout.write(`${line}\n`);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const stateDir = resolve(repositoryRoot, process.env.CHUNGTAY_TOPOLOGY_DIR ?? '.chungtay-topology');
const adminUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databaseName = process.env.TOPOLOGY_DATABASE ?? 'chungtay_topology';
if (!/^[a-z_][a-z0-9_]*$/.test(databaseName)) throw new Error('TOPOLOGY_DATABASE: a lower-case identifier');

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (args.has('--fresh')) {
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  // Keycloak's data lives in the state folder: stop it before the folder goes.
  await promisify(execFile)('bash', [join(repositoryRoot, 'infra/keycloak/keycloak.sh'), 'stop'], {
    env: { ...process.env, KEYCLOAK_RUN_DIR: join(stateDir, 'keycloak') },
  });
  await rm(stateDir, { recursive: true, force: true });
}
const exists = await admin.query('select 1 from pg_database where datname = $1', [databaseName]);
if (exists.rowCount === 0) await admin.query(`create database ${databaseName}`);
await admin.end();
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();

const gatewayPort = Number(process.env.TOPOLOGY_GATEWAY_PORT ?? 4000);
const consoleUrl = `http://127.0.0.1:${gatewayPort}`;
const started = async (script: string, environment: Record<string, string> = {}) =>
  (
    await promisify(execFile)('bash', [join(repositoryRoot, script), 'start'], {
      timeout: 600_000,
      env: { ...process.env, ...environment },
    })
  ).stdout
    .trim()
    .split('\n')
    .at(-1);
// The broker and the identity provider start side by side (Keycloak takes the longer).
const keycloakRunDir = join(stateDir, 'keycloak');
const [kafkaBrokers, keycloakUrl] = await Promise.all([
  process.env.KAFKA_BROKERS ?? started('infra/kafka/kafka.sh'),
  process.env.KEYCLOAK_URL ??
    started('infra/keycloak/keycloak.sh', {
      KEYCLOAK_RUN_DIR: keycloakRunDir,
      CHUNGTAY_CONSOLE_URL: consoleUrl,
    }),
]);
if (!kafkaBrokers) throw new Error('the local Kafka broker did not start');
if (!keycloakUrl) throw new Error('the local Keycloak did not start');
const cliSecret =
  process.env.CHUNGTAY_CLI_SECRET ?? (await readFile(join(keycloakRunDir, 'cli-secret'), 'utf8')).trim();
const issuer = `${keycloakUrl}/realms/${REALM}`;

const { value: masterKey } = await keptSecret(join(stateDir, 'master.key'), {
  create: () => MasterKey.generate(),
  encode: (key) => key.toBase64(),
  decode: (text) => MasterKey.fromBase64(text),
});
const { value: indexSecret } = await keptSecret(join(stateDir, 'index.key'), {
  create: () => randomBytes(32),
  encode: (secret) => secret.toString('base64'),
  decode: (text) => Buffer.from(text, 'base64'),
});
const { value: demoPassword } = await keptSecret(join(stateDir, 'demo-password'), {
  create: () => randomBytes(12).toString('base64url'),
  encode: (password) => password,
  decode: (text) => text.trim(),
});
// The demo's staff, as an operator adds them (`chungtay users`): those the directory has are left alone.
const directory = new KeycloakDirectory(keycloakUrl, cliSecret);
for (const member of demoStaff())
  if (!(await directory.idOf(member.username))) await directory.add(member, demoPassword);

if (!args.has('--empty')) {
  const executor = postgresExecutor({ connectionString: databaseUrl, maxConnections: 4 });
  const stored = await SqlEventStore.open(executor);
  const store = new ProtectedEventStore(stored, {
    personalData: personalDataMap,
    keys: new SqlKeyStore(executor, masterKey),
  });
  const { seeded } = await seedDemoOnce({
    stored,
    store,
    executor,
    indexSecret,
    showcaseFile: join(stateDir, 'demo.json'),
    onProgress: (done, total) => {
      if (done % 40 === 0 || done === total) out(`  demo: ${done}/${total} cases`);
    },
  });
  if (seeded) out(`Seeded the Gia Lai demo: ${seeded.cases} cases, ${seeded.commands} steps.`);
  await store.close();
}

const topology = await startTopology({
  databaseUrl,
  kafkaBrokers,
  oidc: { issuer, audience: AUDIENCE, jwksUrl: `${issuer}/protocol/openid-connect/certs` },
  masterKey: masterKey.toBase64(),
  indexSecret: indexSecret.toString('base64'),
  gatewayPort,
  ...(args.has('--verbose') ? { onLog: (service, line) => out(`${service.padEnd(13)} ${line}`) } : {}),
});

out('Chung Tay — the production topology, one process per service');
out(`  PostgreSQL: ${databaseUrl}   Kafka: ${kafkaBrokers}   Keycloak: ${keycloakUrl} (realm ${REALM})`);
for (const [service, url] of Object.entries(topology.urls))
  out(`  ${service.padEnd(13)} ${url}   (${url}/health/ready, ${url}/metrics)`);
out(`  GraphQL:      ${topology.urls.gateway}/graphql (production: no GraphiQL, no introspection)`);
out('');
out(`The console: ${consoleUrl}/ — sign in at Keycloak as one of the demo's staff, password ${demoPassword}`);
for (const member of demoStaff())
  out(`  ${member.username.padEnd(30)} ${member.role}, ${unitLabel(member.unit)}`);
out('More staff: `chungtay users add|import|move|disable` with KEYCLOAK_URL and CHUNGTAY_CLI_SECRET.');
out('');
out(
  'Stop with Ctrl+C: every process stops gracefully. `-- --fresh` starts afresh, `-- --empty` without the demo.',
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const codes = await topology.stop();
  out(`stopped: ${JSON.stringify(codes)}`);
  process.exit(Object.values(codes).every((code) => code === 0) ? 0 : 1);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
