import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type Caller, callerOf } from './auth.ts';
import { idempotencyKey } from './http.ts';
import { IdempotencyKeys, type StoredResponse } from './idempotency.ts';
import { ProblemError } from './problem.ts';

export interface RequestContext {
  readonly caller: Caller;
  readonly correlationId: string;
  readonly traceparent?: string;
  /** Present when the request carried an Idempotency-Key: seeds deterministic event ids. */
  readonly idempotency?: { readonly userId: string; readonly key: string; readonly startedAtMs: number };
}

/**
 * Runs a command once per Idempotency-Key: a repeat gets the first answer (header `Idempotent-Replayed`) and
 * writes nothing; a concurrent repeat gets 409; the same key for another request gets 422.
 */
export async function respondOnce(
  request: Request,
  response: Response,
  keys: IdempotencyKeys,
  run: (context: RequestContext) => Promise<StoredResponse>,
): Promise<void> {
  const caller = callerOf(response.locals);
  const key = idempotencyKey(request.header('idempotency-key'));
  const correlation = request.header('x-correlation-id');
  const traceparent = request.header('traceparent');
  const base: RequestContext = {
    caller,
    correlationId: correlation && z.uuid().safeParse(correlation).success ? correlation : randomUUID(),
    ...(traceparent ? { traceparent } : {}),
  };
  const send = (stored: StoredResponse, replayed = false) => {
    response.status(stored.status).set(stored.headers);
    if (replayed) response.set('Idempotent-Replayed', 'true');
    response.json(stored.body);
  };
  if (!key) return send(await run(base));
  const hash = IdempotencyKeys.requestHash(request.method, request.originalUrl, {
    body: request.body,
    ifMatch: request.header('if-match') ?? null,
  });
  const claim = await keys.claim(caller.userId, key, hash);
  if (claim.kind === 'replay') return send(claim.response, true);
  if (claim.kind === 'in_progress') {
    throw new ProblemError(409, 'Conflict', 'a request with this Idempotency-Key is still being handled');
  }
  if (claim.kind === 'mismatch') {
    throw new ProblemError(
      422,
      'Unprocessable Content',
      'this Idempotency-Key was used for a different request',
      {
        errors: [{ field: 'Idempotency-Key', message: 'reused for a different request' }],
      },
    );
  }
  try {
    const stored = await run({
      ...base,
      idempotency: { userId: caller.userId, key, startedAtMs: claim.startedAtMs },
    });
    await keys.complete(caller.userId, key, stored);
    send(stored);
  } catch (error) {
    await keys.release(caller.userId, key);
    throw error;
  }
}
