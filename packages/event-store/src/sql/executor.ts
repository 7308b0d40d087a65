/** The little the SQL adapter needs from a driver: run a statement, and learn when events were appended. */
export interface SqlExecutor {
  /** `name` makes a hot statement a prepared one on drivers that keep them per connection. */
  query<Row>(text: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
  /**
   * The same, each row an array of its columns in select order: for the hot reads of events, where building an
   * object per row (named fields) costs more than the rest of the read.
   */
  queryTuples<Tuple extends readonly unknown[]>(
    text: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<Tuple[]>;
  /**
   * Streams a read-only query's rows, as arrays, to `onRow` as they arrive, holding none of them: for reads of
   * millions of rows (a full replay), where a page held in memory costs more in garbage collection than the
   * read. `settings` are planner settings for this query alone. Resolves with the number of rows; a throw
   * from `onRow` ends the read and is the rejection.
   */
  streamTuples<Tuple extends readonly unknown[]>(
    text: string,
    params: readonly unknown[],
    onRow: (row: Tuple) => void,
    settings?: Readonly<Record<string, string>>,
  ): Promise<number>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** Tells listeners (in every process) that events were committed. */
  notifyAppended(): Promise<void>;
  /** Calls `onAppend` when events were committed (LISTEN/NOTIFY); returns the unsubscriber. */
  listenForAppends(onAppend: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
