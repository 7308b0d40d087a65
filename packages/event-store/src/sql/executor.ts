/** The little the SQL adapter needs from a driver: run a statement, and learn when events were appended. */
export interface SqlExecutor {
  /** `name` makes a hot statement a prepared one on drivers that keep them per connection. */
  query<Row>(text: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** Tells listeners (in every process) that events were committed. */
  notifyAppended(): Promise<void>;
  /** Calls `onAppend` when events were committed (LISTEN/NOTIFY); returns the unsubscriber. */
  listenForAppends(onAppend: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
