import type { NumberingEvent } from '@chungtay/contracts';
import { type Actor, type EventStore, WrongExpectedVersionError } from '@chungtay/event-store';
import { appendDecided, foldStream } from '@chungtay/service-kit';

/**
 * Case numbers (decision 0051): each commune numbers its cases of a year 1, 2, 3… in the order they were
 * received. The numbers of a commune's year are one stream; a number is taken by appending to it at the
 * revision read, so two intakes at the same moment cannot take the same number: the later one reads again.
 */
export const numberingStream = (communeCode: string, year: number) => `numbering-${communeCode}-${year}`;

export const formatCaseNumber = (communeCode: string, year: number, sequence: number) =>
  `${communeCode}-${year}-${String(sequence).padStart(4, '0')}`;

/** The year of an instant in Asia/Ho_Chi_Minh (+07:00 all year): a report of 31 December 23:30 is that year's. */
export const yearInVietNam = (instant: string) =>
  new Date(Date.parse(instant) + 7 * 3_600_000).getUTCFullYear();

export interface NumberingState {
  readonly last: number;
  readonly byCase: ReadonlyMap<string, number>;
}

export const initialNumbering = (): NumberingState => ({ last: 0, byCase: new Map() });

export function evolveNumbering(state: NumberingState, event: NumberingEvent): NumberingState {
  return {
    last: Math.max(state.last, event.data.sequence),
    byCase: new Map(state.byCase).set(event.data.caseId, event.data.sequence),
  };
}

/** A case keeps the number it was given (a retried intake); a new one takes the next. */
export function decideNumber(
  state: NumberingState,
  request: { readonly caseId: string; readonly communeCode: string; readonly year: number },
): NumberingEvent[] {
  if (state.byCase.has(request.caseId)) return [];
  return [{ type: 'CaseNumberReserved', data: { ...request, sequence: state.last + 1 } }];
}

/** How often a lost race for the next number is tried again before the intake gives up (503 upstream). */
const ATTEMPTS = 50;

export class CaseNumbers {
  constructor(private readonly store: EventStore) {}

  /** The case's number in its commune's year: the one it has, or the next one, taken race-free. */
  async reserve(caseId: string, communeCode: string, year: number, actor: Actor, now: Date): Promise<string> {
    const streamId = numberingStream(communeCode, year);
    for (let attempt = 1; ; attempt++) {
      const loaded = await foldStream(this.store, streamId, initialNumbering, evolveNumbering);
      const decided = decideNumber(loaded.state, { caseId, communeCode, year });
      const sequence = decided[0]?.data.sequence ?? (loaded.state.byCase.get(caseId) as number);
      try {
        await appendDecided(this.store, streamId, loaded, decided, { actor, now });
        return formatCaseNumber(communeCode, year, sequence);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
