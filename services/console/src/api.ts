import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from './graphql.ts';

/** The console talks to the gateway only; what it shows is what the gateway's lens lets through. */
export class SessionExpired extends Error {
  override readonly name = 'SessionExpired';
}
export class ServiceUnavailable extends Error {
  override readonly name = 'ServiceUnavailable';
}
/** A field the server named as wrong, and why (never the value sent). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class GraphQLFailure extends Error {
  override readonly name = 'GraphQLFailure';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly fields: readonly FieldProblem[] = [],
    /** The case service's rule that refused it (its code, for the console's own words). */
    readonly rule?: string,
    /** On a conflict: the case's revision now. */
    readonly currentRevision?: number,
  ) {
    super(message);
  }

  /** Someone else changed the case since the user read it. */
  get conflict(): boolean {
    return this.code === 'STALE_REVISION' || this.code === 'CONFLICT';
  }

  /** The platform is briefly unavailable: try again, nothing is wrong with the request. */
  get unavailable(): boolean {
    return this.code === 'SERVICE_UNAVAILABLE';
  }
}

interface Answer<Data> {
  readonly data?: Data;
  readonly errors?: ReadonlyArray<{
    readonly message: string;
    readonly extensions?: {
      readonly code?: string;
      readonly fields?: readonly FieldProblem[];
      readonly rule?: string;
      readonly currentRevision?: number | null;
    };
  }>;
}

/** Runs a typed operation for the signed-in user: its answer is typed from the schema. */
export async function request<Result, Variables>(
  token: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  return graphql<Result>(token, print(document), variables as Record<string, unknown>);
}

export async function graphql<Data>(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) throw new SessionExpired();
  if (response.status === 503) throw new ServiceUnavailable();
  const answer = (await response.json()) as Answer<Data>;
  const error = answer.errors?.[0];
  if (error?.extensions?.code === 'UNAUTHENTICATED') throw new SessionExpired();
  if (error)
    throw new GraphQLFailure(
      error.message,
      error.extensions?.code,
      error.extensions?.fields ?? [],
      error.extensions?.rule,
      error.extensions?.currentRevision ?? undefined,
    );
  return answer.data as Data;
}
