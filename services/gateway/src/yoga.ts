import { actorFor } from '@chungtay/case';
import type { Role } from '@chungtay/contracts';
import { type Caller, createLogger, type TokenVerifier } from '@chungtay/service-kit';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { type ExecutionArgs, GraphQLError, Kind, type ValidationRule } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { GatewayContext, GatewayDependencies } from './context.ts';
import { requestContext } from './context.ts';
import { knownOperationTypes, maskedErrors, noValuesInErrors, wellFormedParams } from './errors.ts';
import { graphiqlPage } from './graphiql.ts';
import { type CaseChanges, createCaseChanges } from './live.ts';
import { schema } from './schema/index.ts';
import { TimelineCache } from './timeline-cache.ts';

export interface GatewayOptions extends Omit<GatewayDependencies, 'changes'> {
  /** Where the case changes the live subscriptions follow are published (the read model's consumer feeds it). */
  readonly changes?: CaseChanges;
  readonly verifier: TokenVerifier;
  /** Production: no GraphiQL, no introspection; the embedded default shows both. */
  readonly production?: boolean;
  /** How long opened timelines are kept in memory (see `TimelineCache`); 0 reads every time. */
  readonly timelineCacheMs?: number;
  /** The cache to keep them in, when its owner must reach it (to forget an erased person's data). */
  readonly timelines?: TimelineCache;
  /** Tighter (or looser) query limits than `queryLimits`. */
  readonly limits?: Partial<typeof queryLimits>;
}

/**
 * graphql-armor's limits: generous for every screen we have, far below what hurts the server. The deepest
 * query the schema allows today is 7 (a work queue's cases' timelines' events' fields); 8 leaves room.
 */
export const queryLimits: {
  maxDepth: { n: number };
  maxAliases: { n: number };
  maxTokens: { n: number };
  maxDirectives: { n: number };
  costLimit: {
    maxCost: number;
    objectCost: number;
    scalarCost: number;
    depthCostFactor: number;
    flattenFragments: boolean;
  };
  blockFieldSuggestion: { enabled: boolean };
} = {
  // An event's typed content nests: case → timeline → edges → node → content → child → withheld → field.
  maxDepth: { n: 10 },
  maxAliases: { n: 10 },
  maxTokens: { n: 2000 },
  maxDirectives: { n: 20 },
  // Cost counts fields, times the page sizes asked for (first/last): a page of 5 cases with 100 events
  // each fits; 100 cases with 100 events each does not.
  costLimit: { maxCost: 20_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1, flattenFragments: true },
  blockFieldSuggestion: { enabled: true },
} as const;

const UNAUTHORIZED = JSON.stringify({
  errors: [{ message: 'send a valid bearer token', extensions: { code: 'UNAUTHENTICATED' } }],
});

/** The operation's name, or its kind when it has none: what the access log says was run. */
function operationOf(args: ExecutionArgs): string {
  const operations = args.document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen = args.operationName
    ? operations.find((operation) => operation.name?.value === args.operationName)
    : operations[0];
  return (chosen?.name?.value ?? chosen?.operation ?? 'query').slice(0, 200);
}

/** Writes what each request read of each case to the access log once the request is done. */
const accessLogging: Plugin<GatewayContext> = {
  onExecute({ args }) {
    return {
      onExecuteDone() {
        const context = args.contextValue as GatewayContext;
        if (context.reads.size === 0) return;
        const viewedAt = new Date().toISOString();
        const operation = operationOf(args);
        for (const [caseId, read] of context.reads) {
          context.accessLog.record({
            viewer: actorFor(context.caller, undefined),
            data: {
              caseId,
              viewedAt,
              lens: context.caller.role as Role,
              operation,
              parts: [...read.parts],
              ...(read.unmaskReason ? { unmaskReason: read.unmaskReason } : {}),
            },
          });
        }
      },
    };
  },
};

/**
 * The compiled executor reports variables it cannot coerce as a result without `data`; GraphQL over HTTP
 * says such a request error is a 4xx, so it is answered 400 with the code BAD_USER_INPUT.
 */
const requestErrorsAre400: Plugin<GatewayContext> = {
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors || ('data' in result && result.data !== undefined))
          return;
        setResult({
          errors: result.errors.map(
            (error) =>
              new GraphQLError(error.message, {
                ...(error.nodes ? { nodes: error.nodes } : {}),
                extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } },
              }),
          ),
        });
      },
    };
  },
};

/** Yoga's own log lines, through the service's structured logger (error names and codes, no request data). */
function yogaLogging(logger: Logger) {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      logger[level](
        error ? { err: { name: error.name, message: error.message } } : {},
        String(args[0] ?? ''),
      );
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

export function createGateway(options: GatewayOptions) {
  // The caller of each request, verified before anything resolves (GraphiQL's page excepted).
  const callers = new WeakMap<Request, Caller>();
  const { verifier, production, limits, timelineCacheMs, timelines: given, changes, ...rest } = options;
  const dependencies: GatewayDependencies = { ...rest, changes: changes ?? createCaseChanges() };
  const timelines =
    given ??
    new TimelineCache(dependencies.store, {
      ...(timelineCacheMs === undefined ? {} : { ttlMs: timelineCacheMs }),
    });
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: production
      ? false
      : {
          title: 'Chung Tay',
          defaultQuery:
            '{ workQueue(first: 10) { edges { node { id status deadlines { kind dueAt status } } } } }',
        },
    // Every asset from the platform itself (graphiql.ts), never from a CDN.
    renderGraphiQL: graphiqlPage,
    landingPage: false,
    logging: yogaLogging(createLogger('gateway')),
    // Errors the schema does not raise on purpose leave only "Unexpected error." (and a log line); an
    // unavailable database is a 503.
    maskedErrors,
    plugins: [
      wellFormedParams,
      noValuesInErrors,
      {
        onValidate({ addValidationRule }: { addValidationRule: (rule: ValidationRule) => void }) {
          addValidationRule(knownOperationTypes);
        },
      },
      ...(production ? [useDisableIntrospection()] : []),
      EnvelopArmorPlugin({ ...queryLimits, ...limits }),
      // Queries compiled once and cached: a timeline of 100 events costs the resolvers, not graphql-js's walk.
      useGraphQlJit(),
      requestErrorsAre400,
      {
        async onRequest({ request, endResponse, fetchAPI }) {
          if (request.method === 'GET' && !new URL(request.url).searchParams.has('query')) return; // GraphiQL's page
          const header = request.headers.get('authorization');
          const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
          const caller = token ? await verifier.verify(token).catch(() => undefined) : undefined;
          if (!caller) {
            endResponse(
              new fetchAPI.Response(UNAUTHORIZED, {
                status: 401,
                headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
              }),
            );
            return;
          }
          callers.set(request, caller);
        },
      },
      accessLogging,
    ],
    context: ({ request }): GatewayContext => {
      const caller = callers.get(request);
      if (!caller) throw new Error('request reached the schema without a verified caller');
      return requestContext(dependencies, timelines, caller);
    },
  });
}
