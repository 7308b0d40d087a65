import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { newEventId, postgresExecutor, SqlEventStore } from '@chungtay/event-store';
import { createKafka, ensureTopics, postgresDatabase, ReadModelConsumer, topicOf } from '@chungtay/messaging';
import {
  createTestDatabase,
  kafkaBrokers,
  runToExit,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@chungtay/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let database: TestDatabase;
let store: SqlEventStore;
let pool: pg.Pool;
const processes: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('relay_process');
  store = await SqlEventStore.open(postgresExecutor({ connectionString: database.url }));
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
});
afterAll(async () => {
  for (const child of processes) child.kill('SIGKILL');
  await pool?.end();
  await store?.close();
  await database?.drop();
});

/** Starts a relay process; resolves with its address once it logged that it started. */
// node itself with tsx as a loader: the tsx CLI would run the relay in a child process that SIGKILL misses.
function startRelay(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', CHUNGTAY_EXIT_WITH_PARENT: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  processes.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+).*relay started/.exec(output);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}`, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`relay exited (${code}) before starting: ${output.slice(-500)}`)),
    );
  });
}

const event = () => ({
  id: newEventId(),
  type: 'InvestigationOpened',
  schemaVersion: 1,
  data: { investigationId: randomUUID(), openedAt: '2026-03-02T09:00:00+07:00', unit: 'CA' },
  metadata: {
    actor: { userId: 'u', agency: 'police' as const, role: 'police_investigator' },
    correlationId: randomUUID(),
    occurredAt: '2026-03-02T09:00:00+07:00',
  },
});

describe('the relay process', () => {
  it('refuses to start without its configuration, naming what is missing', async () => {
    const { code, stderr } = await runToExit(main, { env: { PATH: process.env.PATH ?? '' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/DATABASE_URL/);
    expect(stderr).toMatch(/KAFKA_BROKERS/);
  });

  it('stops by itself when whatever started it dies, even by kill -9 (nothing outlives a failed test)', async () => {
    // A launcher process that starts a relay holding its stdin, prints the relay's pid, and waits.
    const launcherScript = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(main)}], {
        env: { ...process.env, PORT: '0', CHUNGTAY_EXIT_WITH_PARENT: '1' },
        stdio: ['pipe', 'inherit', 'inherit'],
      });
      process.stdout.write('pid ' + child.pid + '\\n');
      setInterval(() => {}, 1000);
    `;
    const launcher = spawn(process.execPath, ['-e', launcherScript], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        KAFKA_BROKERS: '127.0.0.1:1',
        RELAY_NAME: uniqueName('relay-orphan'),
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    processes.push(launcher);
    let output = '';
    launcher.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const pid = await waitFor(() => {
      const match = /pid (\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    });
    const alive = (id: number) => {
      try {
        process.kill(id, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => (/relay started/.test(output) ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the relay up',
    });
    expect(alive(pid)).toBe(true);
    launcher.kill('SIGKILL');
    await waitFor(() => (alive(pid) ? undefined : true), {
      timeoutMs: 60_000,
      what: 'the orphaned relay gone',
    });
  });

  it('says it is not ready while the broker cannot be reached (issue 17, item 1)', async () => {
    // A broker address where nothing listens: the relay leads, and cannot connect its producer.
    const relay = await startRelay({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: '127.0.0.1:1',
      RELAY_NAME: uniqueName('relay-nobroker'),
    });
    await waitFor(
      async () => ((await fetch(`${relay.url}/health/ready`)).status === 503 ? true : undefined),
      { timeoutMs: 90_000, intervalMs: 250, what: 'the relay saying not ready' },
    );
    expect((await fetch(`${relay.url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/chungtay_relay_broker_reachable 0/);
    relay.child.kill('SIGTERM');
    await relay.exited;
  });

  it('killed (SIGKILL) mid-stream, is replaced by another that loses nothing; SIGTERM stops it cleanly', async () => {
    const prefix = `${uniqueName('p')}.`;
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('relay-e2e') });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { name: topicOf('case-x', prefix), partitions: 3 },
      { name: `${prefix}dead-letter`, partitions: 1 },
    ]);
    await admin.disconnect();
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix,
      RELAY_NAME: uniqueName('relay'),
    };

    await pool.query('create schema rm; create table rm.counts (stream_id text primary key, n int not null)');
    const consumer = new ReadModelConsumer({
      kafka,
      name: uniqueName('rm'),
      topics: [topicOf('case-x', prefix)],
      db: postgresDatabase(pool),
      schema: 'rm',
      deadLetterTopic: `${prefix}dead-letter`,
      handle: async (handled, tx) => {
        await tx.query(
          'insert into rm.counts values ($1, 1) on conflict (stream_id) do update set n = rm.counts.n + 1',
          [handled.recorded.streamId],
        );
      },
    });
    await consumer.start();

    const streams = Array.from({ length: 10 }, () => `case-${randomUUID()}`);
    let appended = 0;
    // Appends go on until the replacement has published some of them: each phase waits for a condition,
    // never for an amount of time (a busy machine once let a fixed-length load end before the kill).
    let loading = true;
    const load = (async () => {
      for (let n = 0; loading; n++) {
        await store.appendToStream(streams[n % streams.length] as string, [event()], 'any');
        appended++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const consumed = async () => {
      const { rows } = await pool.query<{ total: number }>(
        'select coalesce(sum(n), 0)::int as total from rm.counts',
      );
      return rows[0]?.total ?? 0;
    };
    const publishedBy = async (relay: { url: string }) =>
      Number(
        /chungtay_relay_published_total (\d+)/.exec(await (await fetch(`${relay.url}/metrics`)).text())?.[1],
      );

    const first = await startRelay(env);
    await waitFor(async () => ((await consumed()) >= 30 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the first relay publishing',
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const second = await startRelay(env);
    await waitFor(async () => ((await publishedBy(second)) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the second relay publishing',
    });
    loading = false;
    await load;

    await waitFor(async () => ((await consumed()) === appended ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every event in the read model',
    });
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    expect(metrics).toMatch(/chungtay_relay_leader 1/);
    expect(await publishedBy(second)).toBeGreaterThan(0);
    expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await consumer.stop();
  });
});
