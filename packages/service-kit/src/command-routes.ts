import type { Router } from 'express';
import { z } from 'zod';
import { etagOf, ifMatchRevision } from './http.ts';
import type { IdempotencyKeys } from './idempotency.ts';
import { invalidRequest, ProblemError } from './problem.ts';
import { type RequestContext, respondOnce } from './respond-once.ts';

export interface CommandOutcome {
  readonly revision: number;
  readonly events: readonly string[];
}

export interface StreamCommandRoutes<
  Create,
  Command extends { type: string },
  Outcome extends CommandOutcome,
> {
  /** `cases` → `POST /cases` creates, `POST /cases/:id/commands` changes. */
  readonly collection: string;
  /** The id's name in paths and answers (`caseId`). */
  readonly idName: string;
  readonly idempotency: IdempotencyKeys;
  readonly create: {
    readonly schema: z.ZodType<Create>;
    readonly idOf: (body: Create) => string;
    readonly handle: (id: string, body: Create, context: RequestContext) => Promise<Outcome>;
    /** What else the creation answers with (for example, possible duplicates). */
    readonly answer?: (outcome: Outcome) => Record<string, unknown>;
  };
  readonly command: {
    readonly schema: z.ZodType<Command>;
    /** The command type that only `POST /<collection>` may send. */
    readonly creationType: string;
    readonly handle: (
      id: string,
      command: Command,
      context: RequestContext & { readonly expectedRevision: number },
    ) => Promise<Outcome>;
  };
}

/**
 * The write endpoints every stream-per-entity service shares: creation answers 201 with Location and ETag; a
 * command on an existing stream needs If-Match with the revision the caller read, and answers the new ETag.
 * Both run once per Idempotency-Key, validate their bodies by contract, and name every field in a 400.
 */
export function streamCommandRoutes<Create, Command extends { type: string }, Outcome extends CommandOutcome>(
  router: Router,
  options: StreamCommandRoutes<Create, Command, Outcome>,
): void {
  const { collection, idName, idempotency, create, command } = options;
  const IdParam = z.uuid();

  router.post(`/${collection}`, async (request, response) => {
    const parsed = create.schema.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error);
    const body = parsed.data;
    const id = create.idOf(body);
    await respondOnce(request, response, idempotency, async (context) => {
      const outcome = await create.handle(id, body, context);
      return {
        status: 201,
        headers: { location: `/${collection}/${id}`, etag: etagOf(outcome.revision) },
        body: {
          [idName]: id,
          revision: outcome.revision,
          events: outcome.events,
          ...create.answer?.(outcome),
        },
      };
    });
  });

  router.post(`/${collection}/:id/commands`, async (request, response) => {
    const id = IdParam.safeParse(request.params.id);
    if (!id.success) throw invalidRequest(id.error, idName);
    const parsed = command.schema.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error);
    if (parsed.data.type === command.creationType) {
      throw new ProblemError(400, 'Bad Request', `${command.creationType} is sent with POST /${collection}`, {
        errors: [{ field: 'type', message: `use POST /${collection}` }],
      });
    }
    const expectedRevision = ifMatchRevision(request.header('if-match'));
    await respondOnce(request, response, idempotency, async (context) => {
      const outcome = await command.handle(id.data, parsed.data, { ...context, expectedRevision });
      return {
        status: 200,
        headers: { etag: etagOf(outcome.revision) },
        body: { [idName]: id.data, revision: outcome.revision, events: outcome.events },
      };
    });
  });
}
