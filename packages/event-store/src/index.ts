export { type AppendDecision, decideAppend } from './append-decision.ts';
export {
  DuplicateEventIdError,
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from './errors.ts';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.ts';
export { type ChainedRecord, chainHash, verifyChain } from './hash-chain.ts';
export { isEventId, newEventId } from './ids.ts';
export { isInfrastructureError } from './infrastructure-errors.ts';
export { Actor, Agency, agencies, EventMetadata } from './metadata.ts';
export * from './port.ts';
export { ProtectedEventStore, type ProtectionOptions } from './protected-event-store.ts';
export { MasterKey } from './protection/crypto.ts';
export {
  type KeyStore,
  rewrapSubjectKeys,
  SqlKeyStore,
  SubjectErasedError,
  type SubjectKey,
  UnknownMasterKeyError,
} from './protection/key-store.ts';
export {
  ERASED,
  type ErasedValue,
  isErased,
  isSealed,
  openPersonalData,
  type PersonalDataMap,
  type PersonalField,
  type SealedValue,
} from './protection/personal-data.ts';
export type { SqlExecutor } from './sql/executor.ts';
export { pgliteExecutor } from './sql/pglite.ts';
export { type PostgresExecutorOptions, postgresExecutor, resilientPool } from './sql/postgres.ts';
export { grantApplicationRoleSql, schemaSql } from './sql/schema.ts';
export { migrate, SqlEventStore, type SqlEventStoreOptions } from './sql/sql-event-store.ts';
export { type Upcaster, Upcasters } from './upcasting.ts';
