import express, { type Express, type Router } from 'express';
import { type Logger, pino } from 'pino';
import { jsonDeeperThan, MAX_JSON_DEPTH } from './http.ts';
import { type ErrorMapper, ProblemError, problemHandler } from './problem.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];

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
    // Not ready when the check fails as well as when it says no (the database is down).
    (options.ready ?? (async () => true))()
      .catch(() => false)
      .then((ready) => response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' }))
      .catch(next);
  });
  // A body in another media type would be dropped unread, and its fields reported missing: say 415 instead.
  app.use((request, _response, next) => {
    next(
      request.is(JSON_TYPES) === false
        ? new ProblemError(415, 'Unsupported Media Type', 'send the body as application/json')
        : undefined,
    );
  });
  // No Content-Encoding (inflate: false): a compressed body is 415, so no body is inflated before
  // authentication and none can be a lie about its encoding.
  app.use(express.json({ limit: options.bodyLimit ?? '256kb', type: JSON_TYPES, inflate: false }));
  app.use((request, _response, next) => {
    next(
      jsonDeeperThan(request.body, MAX_JSON_DEPTH)
        ? new ProblemError(400, 'Bad Request', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`, {
            errors: [{ field: '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
          })
        : undefined,
    );
  });
  app.use(options.routes);
  // The path is not echoed: it may hold an ID number.
  app.use((_request, _response, next) => {
    next(new ProblemError(404, 'Not Found', 'no such route'));
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
