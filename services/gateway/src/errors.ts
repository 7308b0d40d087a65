import { isInfrastructureError } from '@chungtay/event-store';
import { jsonDeeperThan, MAX_JSON_DEPTH, RETRY_AFTER_SECONDS } from '@chungtay/service-kit';
import { GraphQLError, type ValidationRule } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';

/**
 * What graphql-js and yoga say about a client's mistake quotes the value it sent ("got invalid value
 * "Nguyễn Thị Hoa"", "found String "0905…"", a body's parse error): a value may be a child's name or a
 * phone number, and is never echoed, not even to the person who sent it. The variable, the field and the
 * expected type stay named.
 */
export function withoutValues(message: string): string {
  const variable = /^(Variable "\$[^"]+" got invalid value).*?((?: at "[^"]*")?); (.*)$/s.exec(message);
  if (variable) return `${variable[1]}${variable[2]}; ${withoutValues(variable[3] as string)}`;
  const syntax = /^Syntax Error: (.*)$/s.exec(message);
  if (syntax) return `Syntax Error: ${reasonWithoutValue(syntax[1] as string)}`;
  return reasonWithoutValue(message);
}

/** The reason part: what follows "value:", "found" or "got" is the value; any other quoted text that is
 * not a GraphQL name, type or path goes as well. */
function reasonWithoutValue(reason: string): string {
  const cut = reason
    .replace(/(value|character|got)\s*:.*$/s, '$1')
    .replace(/,? found .*$/s, '')
    .replace(/;.*$/s, '');
  return cut.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    /^\$?[A-Za-z_][A-Za-z0-9_.![\]]*$/.test(inner) ? quoted : '…',
  );
}

/**
 * The field a variable's coercion error is about, as the services name theirs (`fields`), so a form shows it
 * beside the field: `Variable "$referral" got invalid value at "referral.urgency"; …` (graphql-js) and
 * `Variable "$urgency" got invalid value; …` (graphql-jit, which names the leaf) both say `urgency`.
 */
export function fieldOfMessage(message: string): { field: string; message: string } | undefined {
  const variable = /^Variable "\$([^"]+)" got invalid value(?: at "([^"]+)")?; (.*)$/s.exec(message);
  if (!variable) return undefined;
  const reason = variable[3] as string;
  const undefinedField = /^Field "([^"]+)" is not defined by type/.exec(reason);
  const path = variable[2]?.split('.').slice(1).join('.');
  return {
    field: undefinedField?.[1] ?? (path || (variable[1] as string)),
    message: reason.replace(/\.$/, ''),
  };
}

/** The database or a service is briefly unavailable: 503 with Retry-After, as the services answer. */
export const unavailable = (): GraphQLError =>
  new GraphQLError('the service is briefly unavailable; retry shortly', {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    },
  });

/** yoga's masking, except that an unavailable database is said so (503), and nothing internal in dev. */
export const maskedErrors = {
  isDev: false,
  maskError(error: unknown, message: string): Error {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (isInfrastructureError(original)) return unavailable();
    return maskError(error, message, false);
  },
};

/** Every error message of every result, values taken out; no `originalError` extension ever leaves. */
export const noValuesInErrors: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Symbol.asyncIterator in (result as object)) return;
    const clean = (one: { errors?: readonly GraphQLError[] }) =>
      one.errors
        ? {
            ...one,
            errors: one.errors.map((error) => {
              const { originalError, ...extensions } = error.extensions ?? {};
              const message = withoutValues(error.message);
              const named = extensions.fields ? undefined : fieldOfMessage(message);
              if (named) extensions.fields = [named];
              const cleaned = new GraphQLError(message, {
                ...(error.nodes ? { nodes: error.nodes } : {}),
                ...(error.path ? { path: error.path } : {}),
                extensions,
              });
              // yoga answers a request it could not read (bad JSON) 400 by whether an original error is
              // there; kept for that, out of sight of the serialiser, and saying nothing of the request.
              if (originalError)
                Object.defineProperty(cleaned.extensions, 'originalError', {
                  value: new Error('the request could not be read'),
                  enumerable: false,
                });
              return cleaned;
            }),
          }
        : one;
    setResult((Array.isArray(result) ? result.map(clean) : clean(result as object)) as never);
  },
};

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/**
 * Parameters a client got wrong before anything runs: `variables` or `extensions` of a GET that are not
 * JSON (yoga's parser would throw a 500), and variables nested past the limit (a stack's worth of nesting
 * forwarded to a service).
 */
export const wellFormedParams: Plugin = {
  onRequestParse({ url }) {
    for (const name of ['variables', 'extensions']) {
      const value = url.searchParams.get(name);
      if (!value) continue;
      try {
        JSON.parse(value);
      } catch {
        throw badRequest(`${name} is not valid JSON`);
      }
    }
  },
  onParams({ params }) {
    for (const [name, value] of Object.entries(params.variables ?? {})) {
      if (jsonDeeperThan(value, MAX_JSON_DEPTH))
        throw badRequest(`$${name} is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
  },
};

/** An operation whose root type the schema lacks (a subscription, today) is the client's mistake: 400. */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(
        new GraphQLError(`this schema has no ${node.operation} operations`, {
          nodes: node,
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        }),
      );
    }
  },
});
