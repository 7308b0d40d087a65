import type { CaseApplication } from '@chungtay/case';
import type { EventStore } from '@chungtay/event-store';
import type { Caller, TokenVerifier } from '@chungtay/service-kit';
import { createYoga } from 'graphql-yoga';
import type { GatewayContext } from './context.ts';
import { schema } from './schema/index.ts';

export interface GatewayOptions {
  readonly store: EventStore;
  readonly cases: CaseApplication;
  readonly verifier: TokenVerifier;
  /** Production: no GraphiQL, no introspection; the embedded default shows both. */
  readonly production?: boolean;
}

const UNAUTHORIZED = JSON.stringify({
  errors: [{ message: 'send a valid bearer token', extensions: { code: 'UNAUTHENTICATED' } }],
});

export function createGateway(options: GatewayOptions) {
  // The caller of each request, verified before anything resolves (health and GraphiQL's page excepted).
  const callers = new WeakMap<Request, Caller>();
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphiql: !options.production,
    maskedErrors: true,
    plugins: [
      {
        async onRequest({ request, endResponse, fetchAPI }) {
          if (request.method === 'GET' && !new URL(request.url).searchParams.has('query')) return; // GraphiQL's page
          const header = request.headers.get('authorization');
          const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
          const caller = token ? await options.verifier.verify(token).catch(() => undefined) : undefined;
          if (!caller) {
            endResponse(
              new fetchAPI.Response(UNAUTHORIZED, {
                status: 401,
                headers: { 'content-type': 'application/json' },
              }),
            );
            return;
          }
          callers.set(request, caller);
        },
      },
    ],
    context: ({ request }): GatewayContext => {
      const caller = callers.get(request);
      if (!caller) throw new Error('request reached the schema without a verified caller');
      return { caller, store: options.store, cases: options.cases };
    },
  });
}
