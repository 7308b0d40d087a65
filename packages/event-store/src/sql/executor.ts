/** The little the SQL adapter needs from a driver: run a statement, and learn when events were appended. */
export interface SqlExecutor {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** Calls `onAppend` after a commit that appended events (LISTEN/NOTIFY); returns the unsubscriber. */
  listenForAppends(onAppend: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
