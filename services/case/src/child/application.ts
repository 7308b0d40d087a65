import type { ChildEventType } from '@chungtay/contracts';
import type { EventStore } from '@chungtay/event-store';
import { appendDecided, appliedEarlier, type FoldedStream, foldStream } from '@chungtay/service-kit';
import { actorFor, type CommandOptions, StaleRevision } from '../application.ts';
import { CaseRuleViolation } from '../case/errors.ts';
import type { ChildIndex } from './blind-index.ts';
import {
  type ChildCommand,
  type ChildState,
  type DuplicateCandidate,
  decideChild,
  evolveChild,
  initialChildState,
} from './child.ts';

export const childStream = (childId: string) => `child-${childId}`;

export interface ChildCommandResult {
  readonly revision: number;
  readonly events: readonly ChildEventType[];
  /** For a registration: records that may be the same child, flagged for a person to confirm or dismiss. */
  readonly possibleDuplicates: readonly DuplicateCandidate[];
}

/** The child record: its own stream, personal data sealed with the child's key, duplicates flagged at intake. */
export class ChildApplication {
  constructor(
    readonly store: EventStore,
    private readonly index: ChildIndex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  load(childId: string): Promise<FoldedStream<ChildState>> {
    return foldStream(this.store, childStream(childId), initialChildState, evolveChild);
  }

  async handle(childId: string, command: ChildCommand, options: CommandOptions): Promise<ChildCommandResult> {
    const loaded = await this.load(childId);
    const registering = command.type === 'RegisterChild';
    if (registering && command.data.childId !== childId) {
      throw new CaseRuleViolation('child_id_mismatch', 'the body names another child', 'childId');
    }
    const earlier = appliedEarlier(loaded.events, options.idempotency);
    if (earlier) {
      return {
        revision: earlier.revision,
        events: earlier.types as ChildEventType[],
        possibleDuplicates: [],
      };
    }
    if (!registering && options.expectedRevision !== loaded.revision) {
      throw new StaleRevision(options.expectedRevision, loaded.revision, 'the child record');
    }
    const candidates = registering && !loaded.state.exists ? await this.index.candidates(command.data) : [];
    const now = this.clock();
    const actor = actorFor(
      options.caller,
      loaded.state.communeCode ?? (registering ? command.data.communeCode : undefined),
    );
    const decided = decideChild(command, loaded.state, { now, actor, candidates });
    const appended = await appendDecided(this.store, childStream(childId), loaded, decided, {
      ...options,
      actor,
      now,
    });
    // The index follows the stream; a crash in between is repaired by re-indexing from the events.
    if (registering) await this.index.record(command.data);
    return {
      revision: appended.revision,
      events: decided.map((event) => event.type),
      possibleDuplicates: candidates,
    };
  }
}
