import type { ChildEventType } from '@chungtay/contracts';
import type { EventStore } from '@chungtay/event-store';
import { appendDecided, appliedEarlier, type FoldedStream, foldStream } from '@chungtay/service-kit';
import { actorFor, type CommandOptions, StaleRevision } from '../application.ts';
import { CaseNotFound, CaseRuleViolation } from '../case/errors.ts';
import type { ChildIndex } from './blind-index.ts';
import {
  assertMayErase,
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
    /** Destroys a data subject's key (the protected store's `eraseSubject`); none: erasure is refused. */
    private readonly eraseSubject?: (subjectId: string, reason: string) => Promise<void>,
  ) {}

  load(childId: string): Promise<FoldedStream<ChildState>> {
    return foldStream(this.store, childStream(childId), initialChildState, evolveChild);
  }

  async handle(childId: string, command: ChildCommand, options: CommandOptions): Promise<ChildCommandResult> {
    if (command.type === 'EraseChildData' && !('system' in options.caller))
      assertMayErase(options.caller.role);
    const loaded = await this.load(childId);
    const registering = command.type === 'RegisterChild';
    if (registering && command.data.childId !== childId) {
      throw new CaseRuleViolation('child_id_mismatch', 'the body names another child', 'childId');
    }
    if (command.type === 'EraseChildData' && !this.eraseSubject)
      throw new CaseRuleViolation('erasure_unavailable', 'this store keeps no keys to destroy');
    const earlier = appliedEarlier(loaded.events, options.idempotency);
    if (earlier) {
      if (command.type === 'EraseChildData') await this.shred(childId, command.data);
      return {
        revision: earlier.revision,
        events: earlier.types as ChildEventType[],
        possibleDuplicates: [],
      };
    }
    if (!registering && loaded.revision === undefined) throw new CaseNotFound('no such child');
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
    // Recorded first, then shredded: a crash in between is repaired by sending the erasure again (it records
    // nothing more, and shreds what is left).
    if (command.type === 'EraseChildData') await this.shred(childId, command.data);
    return {
      revision: appended.revision,
      events: decided.map((event) => event.type),
      possibleDuplicates: candidates,
    };
  }

  /** Every trace of the child's personal data: their key (every sealed field), their blind-index row. */
  private async shred(childId: string, erasure: { grounds: string; reference: string }): Promise<void> {
    await this.eraseSubject?.(childId, `${erasure.grounds} ${erasure.reference}`);
    await this.index.forget(childId);
  }
}
