import { type CaseEvent, isCaseEvent, type TypedEvent } from '@chungtay/contracts';
import {
  type Actor,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  START,
} from '@chungtay/event-store';
import { evolveReferrals, initialReferralsState, type ReferralsState } from '@chungtay/referral';

/** Who read a case, from its access log (`access-<caseId>`). */
export interface Viewing {
  readonly userId: string;
  readonly role: string;
  readonly agency: string;
  readonly lens: string;
  readonly viewedAt: string;
}

export interface FoldedCase {
  /** The case and its referrals, by the referral service's fold (which runs the case service's `evolve`). */
  state: ReferralsState;
  events: number;
  /** The latest stated moment of any of its steps. */
  lastActivity?: string;
  viewings: Viewing[];
}

/** A stated moment of an event's data (the first `…At` field, as the contracts name them), not a due date. */
export const statedAt = (data: Record<string, unknown>): string | undefined => {
  // for…in, not Object.entries: this runs for every event of a full replay.
  for (const field in data) {
    const value = data[field];
    if (typeof value === 'string' && field !== 'dueAt' && field.endsWith('At')) return value;
  }
  return undefined;
};

/** Every case of the log folded, event by event in log order: what replay, compliance and the report share. */
export class CaseFolds {
  readonly cases = new Map<string, FoldedCase>();

  private track(caseId: string): FoldedCase {
    let folded = this.cases.get(caseId);
    if (!folded) {
      folded = { state: initialReferralsState(), events: 0, viewings: [] };
      this.cases.set(caseId, folded);
    }
    return folded;
  }

  /** Folds one event; returns the case event, its case id and its stated moment when it was one. */
  add(
    event: RecordedEvent,
  ): { caseId: string; event: CaseEvent; actor: Actor; at: string | undefined } | undefined {
    const data = event.data as Record<string, unknown>;
    if (event.streamId.startsWith('access-') && event.type === 'CaseViewed') {
      const actor = event.metadata.actor as Actor;
      this.track(event.streamId.slice(7)).viewings.push({
        userId: actor.userId,
        role: actor.role,
        agency: actor.agency,
        lens: String(data.lens),
        viewedAt: String(data.viewedAt),
      });
      return undefined;
    }
    const typed = { type: event.type, data } as unknown as TypedEvent;
    if (!event.streamId.startsWith('case-') || !isCaseEvent(typed)) return undefined;
    const caseId = event.streamId.slice(5);
    const actor = event.metadata.actor as Actor;
    const folded = this.track(caseId);
    folded.state = evolveReferrals(folded.state, typed, actor);
    folded.events++;
    const at = statedAt(data);
    if (at && (!folded.lastActivity || at > folded.lastActivity)) folded.lastActivity = at;
    return { caseId, event: typed, actor, at };
  }
}

/** Reads the global log in order (all of it, or its first `upTo` events), handing each event on. */
export async function readLog(
  store: EventStore,
  onEvent: (event: RecordedEvent) => void,
  options: { readonly upTo?: number; readonly onProgress?: (read: number) => void } = {},
): Promise<number> {
  let after: GlobalPosition = START;
  let read = 0;
  const limit = options.upTo ?? Number.POSITIVE_INFINITY;
  while (read < limit) {
    const page = await store.readAll({ after, maxCount: Math.min(10_000, limit - read) });
    if (page.length === 0) break;
    for (const event of page) onEvent(event);
    read += page.length;
    after = (page.at(-1) as RecordedEvent).position;
    options.onProgress?.(read);
  }
  if (options.upTo !== undefined && read < options.upTo)
    throw new RangeError(`the log holds ${read} events, fewer than the ${options.upTo} asked for`);
  return read;
}
