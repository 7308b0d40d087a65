import pg from 'pg';

/**
 * One active process per name: a PostgreSQL session advisory lock held on a dedicated connection. When the
 * connection dies the lock is gone, and `lost` tells the holder to stop at once; a standby acquires it next.
 */
export class PostgresLeaderLock {
  private client: pg.Client | undefined;
  private onLost: (() => void) | undefined;

  constructor(
    private readonly connectionString: string,
    /** Two int4 keys: a space distinct from the event store's per-stream (bigint) locks. */
    private readonly key: readonly [number, number],
  ) {}

  async tryAcquire(onLost: () => void): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', () => this.lose(client));
    client.on('end', () => this.lose(client));
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, $2) as locked',
        [this.key[0], this.key[1]],
      );
      if (rows[0]?.locked) {
        this.client = client;
        this.onLost = onLost;
        return true;
      }
    } catch {
      // The database is unreachable: not the leader.
    }
    await client.end().catch(() => undefined);
    return false;
  }

  private lose(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    const onLost = this.onLost;
    this.onLost = undefined;
    onLost?.();
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.onLost = undefined;
    await client?.end().catch(() => undefined);
  }
}
