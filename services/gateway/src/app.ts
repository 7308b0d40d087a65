import { createLogger } from '@chungtay/service-kit';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { GRAPHIQL_CSP, serveGraphiqlAssets } from './graphiql.ts';
import { createGateway, type GatewayOptions } from './yoga.ts';

export interface GatewayAppOptions extends GatewayOptions {
  /** Largest request body; a bigger one is refused with 413 before it is parsed. */
  readonly bodyLimit?: string;
  readonly ready?: () => Promise<boolean>;
}

/** The gateway's HTTP front: health endpoints (anonymous), a body limit, and GraphQL at /graphql. */
export function createGatewayApp(options: GatewayAppOptions): {
  app: Express;
  gateway: ReturnType<typeof createGateway>;
} {
  const logger = createLogger('gateway');
  const gateway = createGateway(options);
  const app = express();
  app.disable('x-powered-by');
  app.get('/health/live', (_request, response) => {
    response.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/health/ready', (_request, response, next) => {
    (options.ready ?? (async () => true))()
      .then((ready) => response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' }))
      .catch(next);
  });
  if (!options.production) serveGraphiqlAssets(app);
  // GraphiQL's page may load and reach this origin alone (the JSON answers carry the policy too: harmless).
  app.use('/graphql', (_request, response, next) => {
    response.setHeader('content-security-policy', GRAPHIQL_CSP);
    next();
  });
  // The body is read here with a limit, as bytes; yoga parses it as GraphQL over HTTP says.
  app.use('/graphql', express.raw({ limit: options.bodyLimit ?? '64kb', type: () => true }));
  app.all('/graphql', (request, response) => gateway(request, response));
  const tooLarge: ErrorRequestHandler = (error, _request, response, next) => {
    const status = (error as { status?: number }).status;
    if (status === 413 || status === 400) {
      response.status(status).json({
        errors: [
          {
            message: status === 413 ? 'the request body is too large' : 'the request body cannot be read',
            extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' },
          },
        ],
      });
      return;
    }
    logger.error({ err: { name: (error as Error)?.name } }, 'request failed');
    next(error);
  };
  app.use(tooLarge);
  return { app, gateway };
}
