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

/**
 * Turns every error into problem+json. Mappers translate domain errors; what none recognises is a 500 whose
 * detail says nothing about the request (it may hold personal data) and is logged by its error name only.
 */
export function problemHandler(
  mappers: readonly ErrorMapper[],
  logServerError: (error: unknown) => void,
): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    let problem: ProblemError | undefined;
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof z.ZodError) problem = invalidRequest(error);
    else if ((error as { type?: string }).type === 'entity.parse.failed') {
      problem = new ProblemError(400, 'Bad Request', 'the body is not valid JSON');
    } else if ((error as { type?: string }).type === 'entity.too.large') {
      problem = new ProblemError(413, 'Payload Too Large', 'the body is larger than this endpoint accepts');
    } else if (
      (error as { type?: string }).type === 'charset.unsupported' ||
      (error as { status?: number }).status === 415
    ) {
      problem = new ProblemError(415, 'Unsupported Media Type', 'send application/json in UTF-8');
    } else {
      for (const mapper of mappers) {
        problem = mapper(error);
        if (problem) break;
      }
    }
    if (!problem) {
      logServerError(error);
      problem = new ProblemError(500, 'Internal Server Error', 'the service failed; the error was logged');
    }
    response.status(problem.status).type('application/problem+json').json(problem.toProblem());
  };
}
