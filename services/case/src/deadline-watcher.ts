import { type CaseEvent, isEventType } from '@chungtay/contracts';
import { type GlobalPosition, type Subscription, WrongExpectedVersionError } from '@chungtay/event-store';
import type { Logger } from 'pino';
import { type CaseApplication, StaleRevision } from './application.ts';
import { type CaseState, evolve, initialCaseState } from './case/state.ts';

export interface DeadlineWatcherOptions {
  readonly application: CaseApplication;
  /** Several watchers may run: each missed deadline is still recorded once (the decider and the revision). */
  readonly name: string;
  readonly intervalMs?: number;
  readonly logger?: Logger;
}

/**
 * Keeps every case's state current from the store's catch-up subscription and, on each tick, appends a
 * `DeadlineMissed` for every deadline that is overdue and not yet recorded. Exactly once, even with several
 * watchers: the decider produces nothing for a recorded deadline, and two watchers appending at the same
 * revision cannot both win.
 */
export class DeadlineWatcher {
  private readonly cases = new Map<string, { state: CaseState; revision: number }>();
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private caughtUp!: Promise<void>;
  private position: GlobalPosition | undefined;

  constructor(private readonly options: DeadlineWatcherOptions) {}

  /** Starts following the store; resolves once it has caught up with every case so far. */
  async start(): Promise<void> {
    let markCaughtUp!: () => void;
    this.caughtUp = new Promise((resolve) => {
      markCaughtUp = resolve;
    });
    this.subscription = this.options.application.store.subscribeToAll({ onCaughtUp: () => markCaughtUp() });
    const subscription = this.subscription;
    this.following = (async () => {
      for await (const event of subscription) {
        this.position = event.position;
        if (!event.streamId.startsWith('case-') || !isEventType(event.type)) continue;
        const caseId = event.streamId.slice('case-'.length);
        const known = this.cases.get(caseId) ?? { state: initialCaseState(), revision: -1 };
        if (event.revision <= known.revision) continue;
        const state = evolve(
          known.state,
          { type: event.type, data: event.data } as CaseEvent,
          event.metadata.actor.agency,
        );
        this.cases.set(caseId, { state, revision: event.revision });
      }
    })().catch((error: unknown) =>
      this.options.logger?.error({ err: (error as Error).name }, 'deadline watcher stopped following'),
    );
    await this.caughtUp;
    if (this.options.intervalMs) {
      this.timer = setInterval(() => {
        this.tick().catch((error: unknown) =>
          this.options.logger?.warn({ err: (error as Error).name }, 'deadline tick failed'),
        );
      }, this.options.intervalMs);
    }
  }

  /** How far the watcher has read (for tests and metrics). */
  get checkpoint(): GlobalPosition | undefined {
    return this.position;
  }

  /** Records every overdue deadline once; returns how many it recorded. */
  async tick(): Promise<number> {
    let recorded = 0;
    for (const [caseId, { state, revision }] of this.cases) {
      for (const deadline of this.options.application.deadlines(state)) {
        if (deadline.status !== 'OVERDUE' || deadline.missRecorded) continue;
        try {
          const result = await this.options.application.handle(
            caseId,
            { type: 'RecordMissedDeadline', data: { deadlineId: deadline.id } },
            { caller: { system: this.options.name }, expectedRevision: revision },
          );
          recorded += result.events.length;
        } catch (error) {
          // Another watcher or writer got there first: the next tick sees the case as it now is.
          if (error instanceof WrongExpectedVersionError || error instanceof StaleRevision) break;
          throw error;
        }
        break; // the case moved on; look at it again next tick
      }
    }
    return recorded;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.stop();
    await this.following;
  }
}
