import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EventStore, ReplayShare } from '@chungtay/event-store';
import { emptySummary, foldShare, mergeSummaries, type ReplaySummary, StatusFold } from './replay-fold.ts';
import type { FromReader, ToReader } from './replay-reader.ts';

/** Reader threads beside this one, for a store on PostgreSQL (each thread opens its own connection). */
export interface ReplayReaders {
  readonly databaseUrl: string;
  /** How many; by default one per core beyond the first, at most `DEFAULT_MAX_THREADS`. */
  readonly threads?: number;
  /** False leaves every share to the reader threads (this thread only hands them out). */
  readonly readInThisThread?: boolean;
}

export interface ReplayOptions {
  readonly readers?: ReplayReaders;
  /** How many shares the log is planned in; by default eight per reader, so a late starter still helps. */
  readonly shares?: number;
  readonly onProgress?: (read: number) => void;
}

export interface ReplayResult extends ReplaySummary {
  readonly ms: number;
  /** The events each reader read: this thread first, then each reader thread. */
  readonly readers: readonly number[];
}

const SHARES_PER_READER = 8;
/** Each reader holds a connection: a large server gets eight readers unless asked for more. */
const DEFAULT_MAX_THREADS = 7;

/**
 * Replays the whole log as it stands when called: every case folded by the case service's own `evolve`,
 * counted by status (the auditor's "replay everything", and the `replay.all` benchmark). The log is planned
 * in shares of whole streams; this thread and any reader threads take shares until none is left.
 *
 * Reader threads read the events as stored: the case's status depends on no personal field, so they need
 * no key. Upcasters would have to run there too; there are none yet (decision 0032).
 */
export async function replayAll(store: EventStore, options: ReplayOptions = {}): Promise<ReplayResult> {
  const started = performance.now();
  const readers = options.readers;
  const threads = readers
    ? (readers.threads ?? Math.min(DEFAULT_MAX_THREADS, Math.max(0, availableParallelism() - 1)))
    : 0;
  const readHere = readers?.readInThisThread ?? true;
  if (!Number.isInteger(threads) || threads < 0)
    throw new RangeError(`readers.threads is a whole number ≥ 0, not ${threads}`);
  if (threads === 0 && !readHere)
    throw new RangeError('readers.readInThisThread is false and there are no reader threads');
  // Threads start while the plan is made, and join in as they become ready.
  const pool = readers ? Array.from({ length: threads }, () => new ReaderThread(readers.databaseUrl)) : [];
  try {
    const queue = await store.planReplay(options.shares ?? SHARES_PER_READER * (threads + 1));
    let read = 0;
    const progress = (events: number) => {
      read += events;
      options.onProgress?.(read);
    };
    // The first failure empties the queue, so the other readers stop after the share they are reading.
    const stopAllOnFailure = (reading: Promise<ReplaySummary>) =>
      reading.catch((error: unknown) => {
        queue.length = 0;
        throw error;
      });
    const here = readHere
      ? readShares(store, queue, progress).finally(() => {
          // Nothing left to hand out: a thread not started by now has nothing to do.
          for (const thread of pool) thread.abandonIfIdle();
        })
      : Promise.resolve(emptySummary());
    const settled = await Promise.allSettled(
      [here, ...pool.map((thread) => thread.drain(queue, progress))].map(stopAllOnFailure),
    );
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    const summaries = settled.map((outcome) => (outcome as PromiseFulfilledResult<ReplaySummary>).value);
    return {
      ...summaries.reduce(mergeSummaries, emptySummary()),
      ms: Math.round(performance.now() - started),
      readers: summaries.map((summary) => summary.events),
    };
  } finally {
    await Promise.all(pool.map((thread) => thread.stop()));
  }
}

async function readShares(
  store: EventStore,
  queue: ReplayShare[],
  progress: (events: number) => void,
): Promise<ReplaySummary> {
  const fold = new StatusFold();
  for (let share = queue.shift(); share; share = queue.shift()) {
    const current = share;
    await foldShare((onEvent) => store.replayShare(current, onEvent), fold, progress);
  }
  return fold.summary();
}

/** One reader thread: takes shares from the queue until it is empty, and says what it found. */
class ReaderThread {
  private readonly worker: Worker;
  private readonly ready: Promise<boolean>;
  private started = false;
  private idle = true;
  private abandon: (() => void) | undefined;
  private onMessage: ((message: FromReader) => void) | undefined;
  private onFailure: ((error: Error) => void) | undefined;

  constructor(databaseUrl: string) {
    this.worker = new Worker(new URL('./replay-reader.mjs', import.meta.url), {
      workerData: { databaseUrl },
    });
    this.ready = new Promise<boolean>((resolve, reject) => {
      this.abandon = () => resolve(false);
      this.onFailure = reject;
      this.onMessage = (message) => {
        if ('ready' in message) {
          this.started = true;
          resolve(true);
        }
      };
    });
    // Awaited by drain(); a thread that fails before then must not be an unhandled rejection meanwhile.
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: FromReader) => this.onMessage?.(message));
    this.worker.on('error', (error) => this.onFailure?.(error));
    this.worker.on('exit', (code) => this.onFailure?.(new Error(`a replay reader thread exited (${code})`)));
  }

  abandonIfIdle(): void {
    if (this.idle) this.abandon?.();
  }

  async drain(queue: ReplayShare[], progress: (events: number) => void): Promise<ReplaySummary> {
    let summary = emptySummary();
    if (!(await this.ready)) return summary;
    for (let share = queue.shift(); share; share = queue.shift()) {
      this.idle = false;
      summary = mergeSummaries(summary, await this.fold(share, progress));
    }
    return summary;
  }

  private fold(share: ReplayShare, progress: (events: number) => void): Promise<ReplaySummary> {
    return new Promise<ReplaySummary>((resolve, reject) => {
      this.onFailure = reject;
      this.onMessage = (message) => {
        if ('progress' in message) progress(message.progress);
        else if ('done' in message) resolve(message.done);
        else if ('failed' in message) reject(new Error(`a replay reader thread failed: ${message.failed}`));
      };
      this.worker.postMessage({ share } satisfies ToReader);
    });
  }

  async stop(): Promise<void> {
    this.onFailure = undefined;
    this.onMessage = undefined;
    this.abandon?.();
    if (this.started) {
      // Closes its connection and leaves; ended all the same if it does not within a moment.
      const exited = new Promise((resolve) => this.worker.once('exit', resolve));
      this.worker.postMessage({ stop: true } satisfies ToReader);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    }
    // A thread still starting has opened nothing yet: it is ended rather than waited for.
    await this.worker.terminate();
  }
}
