import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MeasuredConsumer, registerConsumerMetrics } from '@chungtay/messaging';
import { createLogger, stopOnSignals } from '@chungtay/service-kit';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { z } from 'zod';
import { ConfigurationError, readEnvironment, type ServiceEnvironment } from './config.ts';
import { openServiceParts, type ServiceParts } from './parts.ts';

/** What a service's `main` builds on the parts: its app, what it consumes, and how it stops. */
export interface StartedService {
  readonly app: Express;
  /** Read-model consumers, measured on /metrics (lag, applied, dead-lettered, stale). */
  readonly consumers?: Readonly<Record<string, MeasuredConsumer>>;
  /** Figures of the service's own, read at scrape time: name, help, and how to read the value. */
  readonly gauges?: ReadonlyArray<{ name: string; help: string; read: () => Promise<number> }>;
  /** Extra readiness beyond PostgreSQL answering. */
  ready?(): Promise<boolean>;
  /** Ends long-lived responses (live streams) once the server stops taking connections. */
  drain?(): void;
  /** Stops background work (consumers commit their position, workers finish their pass). */
  stop?(): Promise<void>;
}

export interface RunningService {
  readonly url: string;
  /** Graceful: not ready, no new connections, background work stopped, connections closed. */
  stop(): Promise<void>;
}

/** Request counts and durations by method and status: no path, so no id ever becomes a label. */
function httpMetrics(registry: Registry): RequestHandler {
  const requests = new Counter({
    name: 'chungtay_http_requests_total',
    help: 'HTTP requests answered',
    labelNames: ['method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'chungtay_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (request, response, next) => {
    const stopTimer = duration.startTimer({ method: request.method });
    response.once('finish', () => {
      stopTimer();
      requests.inc({ method: request.method, status: String(response.statusCode) });
    });
    next();
  };
}

/**
 * Runs one service of the production topology: reads its environment (a missing or malformed variable is a
 * `ConfigurationError` naming it), opens the parts, starts the service, and serves it with liveness
 * (`/health/live`), readiness (`/health/ready`: PostgreSQL answers and the service is not stopping) and
 * Prometheus metrics (`/metrics`) in front.
 */
export async function runService<Schema extends z.ZodType<ServiceEnvironment>>(
  name: string,
  schema: Schema,
  env: Record<string, string | undefined>,
  start: (parts: ServiceParts, config: z.infer<Schema>, logger: Logger) => Promise<StartedService>,
): Promise<RunningService> {
  const config = readEnvironment(schema, env);
  const logger = createLogger(name);
  const parts = await openServiceParts(name, config, logger);
  const service = await start(parts, config, logger);
  const registry = new Registry();
  registry.setDefaultLabels({ service: name });
  collectDefaultMetrics({ register: registry });
  for (const [consumerName, consumer] of Object.entries(service.consumers ?? {}))
    registerConsumerMetrics(registry, consumerName, consumer);
  for (const { name: metric, help, read } of service.gauges ?? [])
    new Gauge({
      name: metric,
      help,
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });

  let stopping = false;
  const root = express();
  root.disable('x-powered-by');
  root.use(httpMetrics(registry));
  root.get('/health/live', (_request, response) => {
    response.json({ status: 'ok', service: name });
  });
  root.get('/health/ready', async (_request, response) => {
    // Not ready while stopping, or when PostgreSQL (or the service's own check) does not answer.
    const ready = await (async () =>
      !stopping && (await parts.ready()) && (service.ready ? await service.ready() : true))().catch(
      () => false,
    );
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', service: name });
  });
  root.get('/metrics', (_request, response, next) => {
    registry
      .metrics()
      .then((text) => response.type(registry.contentType).send(text))
      .catch(next);
  });
  root.use(service.app);
  const server: Server = root.listen(config.PORT, config.HOST);
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info({ port, service: name }, 'service started');
  return {
    url: `http://${host}:${port}`,
    async stop() {
      stopping = true;
      // No new connections; requests in flight finish. Idle keep-alive connections are closed at once.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      service.drain?.();
      server.closeIdleConnections();
      await closed;
      await service.stop?.();
      await parts.close();
      logger.info({ service: name }, 'service stopped');
    },
  };
}

/**
 * A service process's entry: runs it from `process.env`, stops it gracefully on SIGTERM or SIGINT (exit 0),
 * and exits 2 naming each bad variable when the configuration is wrong.
 */
export async function serviceMain<Schema extends z.ZodType<ServiceEnvironment>>(
  name: string,
  schema: Schema,
  start: (parts: ServiceParts, config: z.infer<Schema>, logger: Logger) => Promise<StartedService>,
): Promise<void> {
  try {
    const running = await runService(name, schema, process.env, start);
    stopOnSignals([running]);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    for (const problem of error.problems) process.stderr.write(`${name}: ${problem}\n`);
    process.exit(2);
  }
}
