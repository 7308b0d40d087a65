import { isInfrastructureError } from '@chungtay/event-store';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';

/** RFC 9457 problem details: every error a client sees, with the fields it names. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  toProblem(): Problem {
    return {
      type: `https://chungtay.vn/problems/${this.title.toLowerCase().replaceAll(' ', '-')}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...this.extensions,
    };
  }
}

const fieldOf = (path: ReadonlyArray<PropertyKey>) =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replaceAll('.[', '[');

/** A request that does not match its contract: 400, every broken field named, no values echoed. */
export function invalidRequest(error: z.ZodError, prefix = ''): ProblemError {
  const errors = error.issues.map((issue) => ({
    field: fieldOf([...(prefix ? [prefix] : []), ...issue.path]) || '(body)',
    message: issue.message,
  }));
  const first = errors[0];
  return new ProblemError(
    400,
    'Bad Request',
    first ? `${first.field}: ${first.message}` : 'invalid request',
    {
      errors,
    },
  );
}

export type ErrorMapper = (error: unknown) => ProblemError | undefined;

/** How long a client is asked to wait while the database or the broker is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

/** The service's infrastructure (its database) is unavailable: 503 with Retry-After, nothing written. */
export const serviceUnavailable = (): ProblemError =>
  new ProblemError(503, 'Service Unavailable', 'the service is briefly unavailable; retry shortly', {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/**
 * Errors raised by express and body-parser before a route runs. Their own messages may quote what the
 * client sent (a path segment, a body), so each is answered in words of ours.
 */
function requestError(error: unknown): ProblemError | undefined {
  const { type, status } = error as { type?: string; status?: number };
  if (type === 'entity.parse.failed')
    return new ProblemError(400, 'Bad Request', 'the body is not valid JSON');
  if (type === 'entity.too.large')
    return new ProblemError(413, 'Payload Too Large', 'the body is larger than this endpoint accepts');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported' || status === 415)
    return new ProblemError(
      415,
      'Unsupported Media Type',
      'send application/json in UTF-8, without Content-Encoding',
    );
  if (error instanceof URIError)
    return new ProblemError(400, 'Bad Request', 'the path holds a malformed percent-escape');
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new ProblemError(status, TITLES[status] ?? 'Bad Request', 'the request cannot be read');
  return undefined;
}

/**
 * Turns every error into problem+json. Mappers translate domain errors; an unavailable database is a 503
 * with Retry-After; what none recognises is a 500 whose detail says nothing about the request (it may hold
 * personal data) and is logged by its error name only.
 */
export function problemHandler(
  mappers: readonly ErrorMapper[],
  logServerError: (error: unknown) => void,
): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    let problem: ProblemError | undefined;
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof z.ZodError) problem = invalidRequest(error);
    else if (isInfrastructureError(error)) problem = serviceUnavailable();
    else problem = requestError(error);
    if (!problem) {
      for (const mapper of mappers) {
        problem = mapper(error);
        if (problem) break;
      }
    }
    if (!problem) {
      logServerError(error);
      problem = new ProblemError(500, 'Internal Server Error', 'the service failed; the error was logged');
    }
    if (problem.status === 503) response.set('retry-after', String(RETRY_AFTER_SECONDS));
    response.status(problem.status).type('application/problem+json').json(problem.toProblem());
  };
}
