/**
 * What a replay reader thread needs and no more (not EventStoreDB's client, PGlite or the append path):
 * it starts in a fraction of the time the whole package takes to load.
 */
export { postgresExecutor } from './postgres.ts';
export { replaySqlShare } from './replay.ts';
