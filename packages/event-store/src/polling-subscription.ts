import {
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
  START,
  type Subscription,
} from './port.ts';

export interface PollingSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  listenForAppends(onAppend: () => void): Promise<() => Promise<void>>;
}

export interface PollingOptions {
  readonly after?: GlobalPosition;
  readonly onCaughtUp?: () => void;
  readonly batchSize?: number;
  /**
   * How long to sleep when no notification comes. Only a wake-up: events are never skipped by time, the
   * read itself decides what is safe to deliver (see the adapter's ordering method).
   */
  readonly idlePollMs?: number;
}

/** A catch-up subscription over `readAll`: reads in batches until caught up, then waits for appends. */
export class PollingSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: PollingSource,
    private readonly options: PollingOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const batchSize = this.options.batchSize ?? 500;
    let after = this.options.after ?? START;
    let notified = false;
    let caughtUp = false;
    const unlisten = await this.source.listenForAppends(() => {
      notified = true;
      this.wake?.();
    });
    try {
      while (!this.stopped) {
        notified = false;
        const batch = await this.source.readAll({ after, maxCount: batchSize });
        for (const event of batch) {
          if (this.stopped) return;
          yield event;
          after = event.position;
        }
        if (batch.length === batchSize || notified) continue;
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        await this.sleep(this.options.idlePollMs ?? 250);
      }
    } finally {
      await unlisten();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
  }
}
