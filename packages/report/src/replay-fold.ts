import { type CaseState, evolve, initialCaseState } from '@chungtay/case/state';
import type { CaseEvent } from '@chungtay/contracts';
import type { ReplayedEvent } from '@chungtay/event-store';

/** What a replay of every case finds: the events it read, and the cases by status. */
export interface ReplaySummary {
  readonly events: number;
  readonly cases: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

export const emptySummary = (): ReplaySummary => ({ events: 0, cases: 0, byStatus: {} });

/** Two readers' findings as one: a stream lies wholly in one share, so the counts add up. */
export function mergeSummaries(a: ReplaySummary, b: ReplaySummary): ReplaySummary {
  const byStatus: Record<string, number> = { ...a.byStatus };
  for (const [status, count] of Object.entries(b.byStatus))
    byStatus[status] = (byStatus[status] ?? 0) + count;
  return { events: a.events + b.events, cases: a.cases + b.cases, byStatus };
}

/**
 * Every case stream of a share folded by the case service's own `evolve`, event by event. This module loads
 * only the case's state, so a reader thread starts quickly.
 */
export class StatusFold {
  private readonly states = new Map<string, CaseState>();
  private events = 0;
  // The stream being folded: a share's streams come one after another, so the map is touched once a stream.
  private streamId: string | undefined;
  private state: CaseState | undefined;

  add(event: ReplayedEvent): void {
    this.events++;
    if (event.streamId !== this.streamId) {
      this.park();
      this.streamId = event.streamId;
      this.state = event.streamId.startsWith('case-')
        ? (this.states.get(event.streamId) ?? initialCaseState())
        : undefined;
    }
    if (this.state)
      this.state = evolve(
        this.state,
        { type: event.type, data: event.data } as CaseEvent,
        event.metadata.actor.agency,
      );
  }

  summary(): ReplaySummary {
    this.park();
    const byStatus: Record<string, number> = {};
    let cases = 0;
    for (const state of this.states.values()) {
      if (state.status === 'NONE') continue;
      cases++;
      byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;
    }
    return { events: this.events, cases, byStatus };
  }

  private park(): void {
    if (this.streamId !== undefined && this.state) this.states.set(this.streamId, this.state);
  }
}

/** How often a reader says how far it got, in events. */
const PROGRESS_EVERY = 10_000;

/** Folds one share's events into `fold` as `read` hands them on, saying every so often how many more it read. */
export async function foldShare(
  read: (onEvent: (event: ReplayedEvent) => void) => Promise<number>,
  fold: StatusFold,
  progress: (events: number) => void,
): Promise<void> {
  let unreported = 0;
  await read((event) => {
    fold.add(event);
    if (++unreported === PROGRESS_EVERY) {
      progress(unreported);
      unreported = 0;
    }
  });
  progress(unreported);
}
