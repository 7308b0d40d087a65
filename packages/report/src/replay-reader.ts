/**
 * A reader thread of `replayAll`: opens its own connection to PostgreSQL and folds the shares it is handed.
 * It imports as little as it can (the driver, the SQL replay read and the case's state) so that it starts in
 * a fraction of a second and takes its part of the replay.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplayShare } from '@chungtay/event-store';
import { postgresExecutor, replaySqlShare } from '@chungtay/event-store/postgres-replay';
import { foldShare, type ReplaySummary, StatusFold } from './replay-fold.ts';

export type ToReader = { readonly share: ReplayShare } | { readonly stop: true };
export type FromReader =
  | { readonly ready: true }
  | { readonly progress: number }
  | { readonly done: ReplaySummary }
  | { readonly failed: string };

const port = parentPort;
if (port) {
  const { databaseUrl } = workerData as { readonly databaseUrl: string };
  const executor = postgresExecutor({ connectionString: databaseUrl, maxConnections: 1 });
  const tell = (message: FromReader) => port.postMessage(message);
  port.on('message', async (message: ToReader) => {
    if ('stop' in message) {
      await executor.close().catch(() => undefined);
      port.close();
      return;
    }
    try {
      const fold = new StatusFold();
      await foldShare(
        (onEvent) => replaySqlShare(executor, message.share, onEvent),
        fold,
        (progress) => tell({ progress }),
      );
      tell({ done: fold.summary() });
    } catch (error) {
      tell({ failed: error instanceof Error ? error.message : String(error) });
    }
  });
  tell({ ready: true });
}
