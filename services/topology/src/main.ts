import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { agencyOfRole, personalDataMap, type Role } from '@chungtay/contracts';
import { demoUsers, seedDemoOnce } from '@chungtay/demo';
import {
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { keptSecret, LocalIssuer } from '@chungtay/service-kit';
import pg from 'pg';
import { serveJwks, startTopology } from './topology.ts';

/**
 * `pnpm topology`: the production topology on this machine — every service its own process against the
 * PostgreSQL at POSTGRES_URL (a database of its own) and the Kafka broker at KAFKA_BROKERS (or a local one
 * it starts), trusting a local identity provider, with the Gia Lai demo in an empty store.
 * Flags: --fresh (drop the database and keys first), --empty (no demo), --verbose (every process's log).
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
  await rm(stateDir, { recursive: true, force: true });
}
const exists = await admin.query('select 1 from pg_database where datname = $1', [databaseName]);
if (exists.rowCount === 0) await admin.query(`create database ${databaseName}`);
await admin.end();
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();

const kafkaBrokers =
  process.env.KAFKA_BROKERS ??
  (
    await promisify(execFile)('bash', [join(repositoryRoot, 'infra/kafka/kafka.sh'), 'start'], {
      timeout: 600_000,
    })
  ).stdout
    .trim()
    .split('\n')
    .at(-1);
if (!kafkaBrokers) throw new Error('the local Kafka broker did not start');

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
const { value: issuer } = await keptSecret(join(stateDir, 'issuer.jwk'), {
  create: () => LocalIssuer.create('urn:chungtay:local-identity-provider', 'chungtay'),
  encode: (local) => JSON.stringify(local.exportPrivateJwk()),
  decode: (text) =>
    LocalIssuer.fromPrivateJwk(JSON.parse(text), 'urn:chungtay:local-identity-provider', 'chungtay'),
});

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

const jwks = await serveJwks(issuer);
const topology = await startTopology({
  databaseUrl,
  kafkaBrokers,
  oidc: { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: jwks.url },
  masterKey: masterKey.toBase64(),
  indexSecret: indexSecret.toString('base64'),
  ...(args.has('--verbose') ? { onLog: (service, line) => out(`${service.padEnd(13)} ${line}`) } : {}),
});

out('Chung Tay — the production topology, one process per service');
out(`  PostgreSQL: ${databaseUrl}   Kafka: ${kafkaBrokers}   identity provider: ${jwks.url}`);
for (const [service, url] of Object.entries(topology.urls))
  out(`  ${service.padEnd(13)} ${url}   (${url}/health/ready, ${url}/metrics)`);
out(`  GraphQL:      ${topology.urls.gateway}/graphql (production: no GraphiQL, no introspection)`);
out('');
out('Tokens for the demo users, valid 12 hours:');
for (const role of Object.keys(demoUsers) as Role[]) {
  const token = await issuer.mint({ ...demoUsers[role], role, agency: agencyOfRole[role] }, '12h');
  out(`  ${role.toUpperCase().padEnd(22)} ${token}`);
}
out('');
out(
  'Stop with Ctrl+C: every process stops gracefully. `-- --fresh` starts afresh, `-- --empty` without the demo.',
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const codes = await topology.stop();
  await jwks.close();
  out(`stopped: ${JSON.stringify(codes)}`);
  process.exit(Object.values(codes).every((code) => code === 0) ? 0 : 1);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
