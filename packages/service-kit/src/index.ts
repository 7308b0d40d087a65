export {
  AccessLog,
  type AccessLogOptions,
  accessStream,
  type CaseRead,
  type CaseViewing,
  type ChildRecordRead,
  childAccessStream,
} from './access-log.ts';
export { createLogger, createServiceApp, type ServiceAppOptions } from './app.ts';
export {
  authenticate,
  type Caller,
  Claims,
  callerOf,
  LocalIssuer,
  MAX_TOKEN_LIFETIME_SECONDS,
  TokenLifetimeError,
  type TokenVerifier,
  tokenVerifier,
  type VerifierOptions,
} from './auth.ts';
export { type CommandOutcome, type StreamCommandRoutes, streamCommandRoutes } from './command-routes.ts';
export { etagOf, idempotencyKey, ifMatchRevision, jsonDeeperThan, MAX_JSON_DEPTH } from './http.ts';
export {
  deterministicEventId,
  type IdempotencyClaim,
  IdempotencyKeys,
  type StoredResponse,
} from './idempotency.ts';
export {
  type ErrorMapper,
  invalidRequest,
  type Problem,
  ProblemError,
  problemHandler,
  RETRY_AFTER_SECONDS,
  serviceUnavailable,
} from './problem.ts';
export { type RequestContext, respondOnce } from './respond-once.ts';
export { keptSecret } from './secrets.ts';
export { stopOnSignals } from './shutdown.ts';
export {
  type AppendedDecision,
  alreadyApplied,
  appendDecided,
  appliedEarlier,
  type EarlierAttempt,
  type EnvelopeOptions,
  type FoldedStream,
  foldStream,
  toNewEvents,
} from './streams.ts';
