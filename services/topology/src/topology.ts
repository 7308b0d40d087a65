import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { topics } from '@chungtay/contracts';
import { createKafka, ensureTopics } from '@chungtay/messaging';

/** The processes of the production topology, in the order they start. */
export const topologyServices = [
  'case',
  'relay',
  'referral',
  'legal-aid',
  'medical',
  'school-safety',
  'gateway',
] as const;
export type TopologyService = (typeof topologyServices)[number];

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serviceDirectory = (service: TopologyService) => `${repositoryRoot}services/${service}`;

export interface TopologyOptions {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly topicPrefix?: string;
  /** The identity provider the services trust (its JWKS URL). */
  readonly oidc: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string };
  /** The master key, base64. */
  readonly masterKey: string;
  /** The child index's key, base64 (its own, decision 0043); a new one when not given. */
  readonly indexSecret?: string;
  /** Partitions of each per-entity topic (the unit of consumer parallelism). */
  readonly partitions?: number;
  /** Each process's log lines (structured JSON), for a terminal or a test's diagnostics. */
  readonly onLog?: (service: TopologyService, line: string) => void;
  /** Extra environment for every process (LOG_LEVEL, intervals). */
  readonly environment?: Readonly<Record<string, string>>;
  /** The gateway's port (the console's address the identity provider sends people back to); any when not given. */
  readonly gatewayPort?: number;
}

export interface RunningProcess {
  readonly service: TopologyService;
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Its last log lines (about 2,000 characters): what a process that died said last. */
  tail(): string;
}

export interface Topology {
  readonly urls: Readonly<Record<TopologyService, string>>;
  /** Each service's current process (a process that died is replaced: see `restarts`). */
  readonly processes: Readonly<Record<TopologyService, RunningProcess>>;
  /** How often each service's process died and was started again, on the same port. */
  readonly restarts: Readonly<Record<TopologyService, number>>;
  /** What each process that died said last, with its exit code, in the order they died. */
  readonly deaths: ReadonlyArray<{
    readonly service: TopologyService;
    readonly code: number | null;
    readonly tail: string;
  }>;
  /** SIGTERM to every process, the gateway first; resolves with each exit code. */
  stop(): Promise<Record<TopologyService, number | null>>;
}

/** Starts one service's process on a free port; resolves once it logged that it serves. */
export function startServiceProcess(
  service: TopologyService,
  environment: Readonly<Record<string, string>>,
  onLog?: (service: TopologyService, line: string) => void,
): Promise<RunningProcess> {
  // node itself with tsx as a loader, so a signal reaches the service and not a wrapper process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serviceDirectory(service),
    // Its stdin is ours: when this process dies, the service sees the pipe close and stops.
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      CHUNGTAY_EXIT_WITH_PARENT: '1',
      ...environment,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let tail = '';
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        onLog?.(service, line);
        tail = `${tail}\n${line}`.slice(-2_000);
        const started = /"port":(\d+).*"msg":"(service|relay) started"/.exec(line);
        if (started)
          resolve({ service, url: `http://127.0.0.1:${started[1]}`, child, exited, tail: () => tail });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => reject(new Error(`${service} exited (${code}) before it started:${tail}`)));
  });
}

/**
 * The whole distributed topology on one machine: the topics, then every service as its own process against
 * the given PostgreSQL and Kafka, each configured only by its environment, as production runs them.
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const topicPrefix = options.topicPrefix ?? '';
  const kafka = createKafka({ brokers: options.kafkaBrokers.split(','), clientId: 'chungtay-topology' });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      Object.values(topics).map((topic) => ({
        name: `${topicPrefix}${topic.name}`,
        partitions: topic.stream ? (options.partitions ?? 3) : 1,
      })),
    );
  } finally {
    await admin.disconnect();
  }
  const common = {
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers,
    TOPIC_PREFIX: topicPrefix,
    OIDC_ISSUER: options.oidc.issuer,
    OIDC_AUDIENCE: options.oidc.audience,
    OIDC_JWKS_URL: options.oidc.jwksUrl,
    CHUNGTAY_MASTER_KEY: options.masterKey,
    CHUNGTAY_INDEX_SECRET: options.indexSecret ?? randomBytes(32).toString('base64'),
    ...options.environment,
  };
  const started: Partial<Record<TopologyService, RunningProcess>> = {};
  const deaths: Array<{ service: TopologyService; code: number | null; tail: string }> = [];
  const restarts = Object.fromEntries(topologyServices.map((service) => [service, 0])) as Record<
    TopologyService,
    number
  >;
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    const codes: Partial<Record<TopologyService, number | null>> = {};
    for (const service of [...topologyServices].reverse()) {
      const running = started[service];
      if (!running) continue;
      running.child.kill('SIGTERM');
      codes[service] = await running.exited;
    }
    return codes as Record<TopologyService, number | null>;
  };
  /**
   * Keeps a service running, as systemd's Restart=always would: a process that exits while the topology
   * is not stopping is started again on the same port (so every URL stays valid), after a back-off that
   * doubles from 250 ms to 5 s while it keeps failing to start.
   */
  const supervise = (running: RunningProcess, environment: Readonly<Record<string, string>>) => {
    const port = new URL(running.url).port;
    void running.exited.then(async (code) => {
      if (!stopping) deaths.push({ service: running.service, code, tail: running.tail() });
      for (let wait = 250; !stopping; wait = Math.min(wait * 2, 5_000)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (stopping) return;
        try {
          const next = await startServiceProcess(
            running.service,
            { ...environment, PORT: port },
            options.onLog,
          );
          if (stopping) {
            next.child.kill('SIGTERM');
            return;
          }
          started[running.service] = next;
          restarts[running.service]++;
          supervise(next, environment);
          return;
        } catch {
          // It died while starting (its port still held, the database away): try again later.
        }
      }
    });
  };
  const launch = async (service: TopologyService, environment: Readonly<Record<string, string>>) => {
    const running = await startServiceProcess(service, environment, options.onLog);
    started[service] = running;
    supervise(running, environment);
    return running;
  };
  try {
    // The case service first: it creates the store's schema that the others use.
    const caseService = await launch('case', common);
    const rest = await Promise.all(
      (['relay', 'referral', 'legal-aid', 'medical', 'school-safety'] as const).map((service) =>
        launch(service, service === 'relay' ? { ...common, RELAY_NAME: `${topicPrefix}relay` } : common),
      ),
    );
    await launch('gateway', {
      ...common,
      ...(options.gatewayPort ? { PORT: String(options.gatewayPort) } : {}),
      CASE_SERVICE_URL: caseService.url,
      REFERRAL_SERVICE_URL: (rest[1] as RunningProcess).url,
      LEGAL_AID_SERVICE_URL: (rest[2] as RunningProcess).url,
      MEDICAL_SERVICE_URL: (rest[3] as RunningProcess).url,
      SCHOOL_SAFETY_SERVICE_URL: (rest[4] as RunningProcess).url,
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const processes = started as Record<TopologyService, RunningProcess>;
  return {
    processes,
    restarts,
    deaths,
    urls: Object.fromEntries(topologyServices.map((service) => [service, processes[service].url])) as Record<
      TopologyService,
      string
    >,
    stop: stopAll,
  };
}
