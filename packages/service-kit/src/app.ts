import express, { type Express, type Router } from 'express';
import { type Logger, pino } from 'pino';
import { type ErrorMapper, ProblemError, problemHandler } from './problem.ts';

export interface ServiceAppOptions {
  readonly name: string;
  /** Routes that need authentication are mounted by the service itself (see `authenticate`). */
  readonly routes: Router;
  readonly errorMappers?: readonly ErrorMapper[];
  /** Readiness: resolves when the service can take traffic (store reachable). */
  readonly ready?: () => Promise<boolean>;
  readonly logger?: Logger;
  readonly bodyLimit?: string;
}

/** Structured JSON logs; callers log ids and codes, never names, ID numbers, addresses or phone numbers. */
export const createLogger = (name: string): Logger =>
  pino({ name, level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', '*.token'] });

/** The express app every service starts from: JSON bodies with a limit, health, problem+json errors. */
export function createServiceApp(options: ServiceAppOptions): Express {
  const logger = options.logger ?? createLogger(options.name);
  const app = express();
  app.disable('x-powered-by');
  app.get('/health/live', (_request, response) => {
    response.json({ status: 'ok', service: options.name });
  });
  app.get('/health/ready', (_request, response, next) => {
    (options.ready ?? (async () => true))()
      .then((ready) => response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' }))
      .catch(next);
  });
  app.use(
    express.json({ limit: options.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }),
  );
  app.use(options.routes);
  app.use((request, _response, next) => {
    next(new ProblemError(404, 'Not Found', `no route ${request.method} ${request.path}`));
  });
  app.use(
    problemHandler(options.errorMappers ?? [], (error) =>
      logger.error(
        { err: { name: (error as Error)?.name, stack: (error as Error)?.stack } },
        'request failed',
      ),
    ),
  );
  return app;
}
