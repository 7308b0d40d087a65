import { GraphQLError } from 'graphql';
import { unavailable } from './errors.ts';

/** The answer of a case-service command: the stream's new revision and the events it recorded. */
export interface CommandAnswer {
  readonly id: string;
  readonly revision: number;
  readonly events: readonly string[];
  /** A new case's number. */
  readonly caseNumber?: string;
}

export interface ForwardOptions {
  /** The caller's own bearer token: the service decides with the caller's rights, never the gateway's. */
  readonly token: string;
  readonly ifMatch?: number;
  readonly idempotencyKey?: string;
}

/** problem+json statuses as GraphQL error codes. */
const codeOfStatus: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'STALE_REVISION',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'RULE_VIOLATED',
  428: 'PRECONDITION_REQUIRED',
  500: 'INTERNAL_SERVER_ERROR',
};

interface ProblemBody {
  readonly detail?: string;
  readonly errors?: ReadonlyArray<{ field: string; message: string }>;
  readonly rule?: string;
  readonly currentRevision?: number | null;
  readonly [key: string]: unknown;
}

/**
 * Forwards commands to the services over HTTP with the caller's token, so every rule and right is the
 * service's; its problem+json answers become GraphQL errors with a code and the fields it names.
 */
export class ServiceClient {
  constructor(private readonly baseUrl: string) {}

  async post(path: string, body: unknown, options: ForwardOptions, idName: string): Promise<CommandAnswer> {
    const answer = await this.send('POST', path, body, options);
    return {
      id: String(answer[idName]),
      revision: Number(answer.revision),
      events: (answer.events as string[] | undefined) ?? [],
      ...(typeof answer.caseNumber === 'string' ? { caseNumber: answer.caseNumber } : {}),
    };
  }

  /** A read with the caller's token: the service's answer, or undefined when it answers 404. */
  async read(
    path: string,
    options: ForwardOptions,
    body?: unknown,
  ): Promise<Readonly<Record<string, unknown>> | undefined> {
    try {
      return await this.send(body === undefined ? 'GET' : 'POST', path, body, options);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.status === 404) return undefined;
      throw error;
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options: ForwardOptions,
  ): Promise<ProblemBody & Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.ifMatch === undefined ? {} : { 'if-match': `"${options.ifMatch}"` }),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      // The service is down or restarting: the same 503 with Retry-After as its own outage answers.
      throw unavailable();
    }
    if (response.status >= 502) throw unavailable();
    const answer = (await response.json().catch(() => ({}))) as ProblemBody & Record<string, unknown>;
    if (!response.ok) {
      throw new GraphQLError(answer.detail ?? `the service answered ${response.status}`, {
        extensions: {
          code: codeOfStatus[response.status] ?? 'SERVICE_UNAVAILABLE',
          status: response.status,
          ...(answer.errors ? { fields: answer.errors } : {}),
          ...(answer.rule ? { rule: answer.rule } : {}),
          ...(answer.currentRevision !== undefined ? { currentRevision: answer.currentRevision } : {}),
          ...(typeof answer.heldBy === 'string' ? { heldBy: answer.heldBy } : {}),
        },
      });
    }
    return answer;
  }
}
