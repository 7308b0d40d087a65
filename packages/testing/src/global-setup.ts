import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresAdminUrl } from './infrastructure.ts';

const run = promisify(execFile);
const kafkaScript = fileURLToPath(new URL('../../../infra/kafka/kafka.sh', import.meta.url));

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

/**
 * Starts a real single-node Kafka broker for the run unless KAFKA_BROKERS names one, and checks that
 * PostgreSQL answers. Both are required: the run fails here, saying what is missing, rather than skipping.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await checkPostgres();
  if (process.env.KAFKA_BROKERS) return async () => undefined;
  const broker = await startKafkaBroker();
  process.env.KAFKA_BROKERS = broker.brokers;
  return broker.stop;
}
