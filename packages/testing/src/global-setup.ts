import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresAdminUrl } from './infrastructure.ts';

const run = promisify(execFile);
const kafkaScript = fileURLToPath(new URL('../../../infra/kafka/kafka.sh', import.meta.url));
const keycloakScript = fileURLToPath(new URL('../../../infra/keycloak/keycloak.sh', import.meta.url));

/** Two free consecutive ports on loopback: the broker's listener and its controller. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free port pair on 127.0.0.1 for the Kafka broker');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function checkPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresAdminUrl().replace(/\/\/[^@]*@/, '//')}: ${(error as Error).message}. Start it, or set POSTGRES_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface KafkaBroker {
  readonly brokers: string;
  /** Stops the broker for good and deletes its data. */
  stop(): Promise<void>;
  /** Stops the broker cleanly, keeping its data (for restart tests). */
  halt(): Promise<void>;
  /** Starts it again on the same port with the data it had. */
  resume(): Promise<void>;
  /** kill -9: the broker dies without a clean shutdown, keeping its data (resume recovers it). */
  crash(): Promise<void>;
}

/** Starts a real single-node Kafka broker on a free port pair. */
export async function startKafkaBroker(): Promise<KafkaBroker> {
  const port = await freePortPair();
  const env = { ...process.env, KAFKA_RUN_DIR: `${process.env.TMPDIR ?? '/tmp'}/chungtay-kafka-${port}` };
  try {
    const { stdout } = await run('bash', [kafkaScript, 'start', String(port)], { env, timeout: 600_000 });
    return {
      brokers: stdout.trim().split('\n').at(-1) as string,
      stop: async () => {
        await run('bash', [kafkaScript, 'stop', String(port)], { env, timeout: 120_000 });
        // The broker's data and logs are only for this run.
        await rm(env.KAFKA_RUN_DIR, { recursive: true, force: true });
      },
      halt: async () => {
        await run('bash', [kafkaScript, 'stop', String(port)], { env, timeout: 120_000 });
      },
      resume: async () => {
        await run('bash', [kafkaScript, 'start', String(port)], { env, timeout: 600_000 });
      },
      crash: async () => {
        await run('bash', [kafkaScript, 'crash', String(port)], { env, timeout: 120_000 });
      },
    };
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`could not start the Kafka broker: ${failure.stderr || failure.message}`);
  }
}

export interface KeycloakServer {
  /** Its base URL (`http://127.0.0.1:<port>`); the realm is `<url>/realms/chungtay`. */
  readonly url: string;
  /** The bootstrap admin's password (user `admin`, realm `master`). */
  readonly adminPassword: string;
  /** The CLI client's secret (`chungtay-cli`). */
  readonly cliSecret: string;
  stop(): Promise<void>;
}

/** Starts a real Keycloak with the realm generated from the code (infra/keycloak/keycloak.sh). */
export async function startKeycloak(consoleUrl = 'http://127.0.0.1:4000'): Promise<KeycloakServer> {
  const port = await freePortPair();
  const runDir = `${process.env.TMPDIR ?? '/tmp'}/chungtay-keycloak-${port}`;
  const env = { ...process.env, KEYCLOAK_RUN_DIR: runDir, CHUNGTAY_CONSOLE_URL: consoleUrl };
  try {
    const { stdout } = await run('bash', [keycloakScript, 'start', String(port)], { env, timeout: 600_000 });
    const [adminPassword, cliSecret] = await Promise.all([
      readFile(`${runDir}/admin-password`, 'utf8'),
      readFile(`${runDir}/cli-secret`, 'utf8'),
    ]);
    return {
      url: stdout.trim().split('\n').at(-1) as string,
      adminPassword: adminPassword.trim(),
      cliSecret: cliSecret.trim(),
      stop: async () => {
        await run('bash', [keycloakScript, 'stop', String(port)], { env, timeout: 120_000 });
        await rm(runDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`could not start Keycloak: ${failure.stderr || failure.message}`);
  }
}

/**
 * Starts a real single-node Kafka broker and a real Keycloak for the run, side by side (unless KAFKA_BROKERS
 * or KEYCLOAK_URL names one), and checks that PostgreSQL answers. All are required: the run fails here,
 * saying what is missing, rather than skipping.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await checkPostgres();
  const [broker, keycloak] = await Promise.all([
    process.env.KAFKA_BROKERS ? undefined : startKafkaBroker(),
    process.env.KEYCLOAK_URL ? undefined : startKeycloak(),
  ]);
  if (broker) process.env.KAFKA_BROKERS = broker.brokers;
  if (keycloak) {
    process.env.KEYCLOAK_URL = keycloak.url;
    process.env.KEYCLOAK_ADMIN_PASSWORD = keycloak.adminPassword;
    process.env.KEYCLOAK_CLI_SECRET = keycloak.cliSecret;
  }
  return async () => {
    await Promise.all([broker?.stop(), keycloak?.stop()]);
  };
}
