import { type AccessEventType, CaseViewed, ChildRecordViewed } from '@chungtay/contracts';
import { type Actor, type EventStore, StreamNotFoundError } from '@chungtay/event-store';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { toNewEvents } from './streams.ts';

export const accessStream = (caseId: string) => `access-${caseId}`;
export const childAccessStream = (childId: string) => `access-child-${childId}`;

export interface CaseRead {
  readonly viewer: Actor;
  readonly data: z.infer<typeof CaseViewed>;
}

export interface ChildRecordRead {
  readonly viewer: Actor;
  readonly data: z.infer<typeof ChildRecordViewed>;
}

/** A read waiting to be written: to which access stream, as which event. */
interface PendingRead {
  readonly stream: string;
  readonly type: AccessEventType;
  readonly viewer: Actor;
  readonly data: unknown;
}

/** One entry of a case's access log, as auditors list it. */
export interface CaseViewing extends z.infer<typeof CaseViewed> {
  readonly viewer: Actor;
  readonly eventId: string;
}

export interface AccessLogOptions {
  /** The longest a read waits in memory before it is written. */
  readonly maxDelayMs?: number;
  /** A buffer this full is written at once. */
  readonly maxBatch?: number;
  readonly logger?: Logger;
}

/**
 * Every read of a case, appended to the case's access stream. Reads are buffered and written in batches
 * (one append per case per batch, all cases side by side), so a read costs no write on its own path.
 * A crash loses at most `maxDelayMs` of entries; `close()` writes what is left.
 */
export class AccessLog {
  private pending: PendingRead[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;
  private closed = false;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly store: EventStore,
    private readonly options: AccessLogOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 100;
    this.maxBatch = options.maxBatch ?? 500;
  }

  record(read: CaseRead): void {
    const data = CaseViewed.parse(read.data);
    this.enqueue({ stream: accessStream(data.caseId), type: 'CaseViewed', viewer: read.viewer, data });
  }

  /** A read of a child record, logged on the record's own access stream. */
  recordChildRead(read: ChildRecordRead): void {
    const data = ChildRecordViewed.parse(read.data);
    this.enqueue({
      stream: childAccessStream(data.childId),
      type: 'ChildRecordViewed',
      viewer: read.viewer,
      data,
    });
  }

  private enqueue(read: PendingRead): void {
    this.pending.push(read);
    if (this.pending.length >= this.maxBatch) this.flush().catch(() => undefined);
    else this.timer ??= setTimeout(() => this.flush().catch(() => undefined), this.maxDelayMs);
  }

  /** Writes everything recorded so far; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: readonly PendingRead[]): Promise<void> {
    if (batch.length === 0) return;
    const byCase = new Map<string, PendingRead[]>();
    for (const read of batch) byCase.set(read.stream, [...(byCase.get(read.stream) ?? []), read]);
    const results = await Promise.allSettled(
      [...byCase].map(([stream, reads]) =>
        this.store.appendToStream(
          stream,
          reads.flatMap((read) =>
            toNewEvents([{ type: read.type, data: read.data }], {
              actor: read.viewer,
              now: new Date((read.data as { viewedAt: string }).viewedAt),
            }),
          ),
          'any',
        ),
      ),
    );
    const failed = results.filter((result) => result.status === 'rejected');
    if (failed.length === 0) {
      this.failures = 0;
      return;
    }
    // Put the failed cases' reads back for the next batch: an access log that drops entries proves nothing.
    const failedCases = new Set(
      [...byCase.keys()].filter((_, index) => results[index]?.status === 'rejected'),
    );
    const reason = (failed[0] as PromiseRejectedResult).reason as Error | undefined;
    const err = { name: reason?.name, message: reason?.message };
    if (this.closed) {
      this.options.logger?.error({ cases: failedCases.size, err }, 'access log write failed at shutdown');
      throw reason;
    }
    this.pending.unshift(...batch.filter((read) => failedCases.has(read.stream)));
    this.failures++;
    // Back off while the store is failing (at most 5 s), so a dead database is not hammered.
    const delay = Math.min(this.maxDelayMs * 2 ** this.failures, 5_000);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush().catch(() => undefined), delay);
    this.options.logger?.error(
      { cases: failedCases.size, err, retryInMs: delay },
      'access log write failed; retrying',
    );
  }

  /** Who viewed a case, oldest first. */
  async viewings(caseId: string): Promise<CaseViewing[]> {
    await this.writing;
    try {
      const events = await this.store.readStream(accessStream(caseId));
      return events.map((event) => ({
        ...CaseViewed.parse(event.data),
        viewer: event.metadata.actor,
        eventId: event.id,
      }));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** Who read a child record, oldest first. */
  async childViewings(childId: string): Promise<Array<ChildRecordRead & { readonly eventId: string }>> {
    await this.writing;
    try {
      const events = await this.store.readStream(childAccessStream(childId));
      return events.map((event) => ({
        data: ChildRecordViewed.parse(event.data),
        viewer: event.metadata.actor,
        eventId: event.id,
      }));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** Writes what is left; a write that fails now is reported (thrown), not retried. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
