import type { ChildEventType } from '@chungtay/contracts';
import type { EventStore } from '@chungtay/event-store';
import type { Caller } from '@chungtay/service-kit';
import { appendDecided, appliedEarlier, type FoldedStream, foldStream } from '@chungtay/service-kit';
import {
  actorFor,
  type CommandOptions,
  knowsStream,
  StaleRevision,
  type SystemCaller,
} from '../application.ts';
import { CaseNotFound, CaseRuleViolation, StepNotPermitted } from '../case/errors.ts';
import type { ChildIndex } from './blind-index.ts';
import {
  assertMayErase,
  type ChildCommand,
  type ChildState,
  canReadChild,
  type DuplicateCandidate,
  decideChild,
  evolveChild,
  initialChildState,
  maySearchChildren,
  searchedCommunes,
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
    /** Whether a caller reaches a case (the case service's rule); none: only the record's readers act. */
    private readonly reachesCase?: (caller: Caller, caseId: string) => Promise<boolean>,
  ) {}

  /**
   * Whether a caller may learn that the record exists: they read it, wrote to it, or work on one of the
   * child's cases (a health worker recording support). Checked before any revision or rule, so a command is
   * no oracle of a record out of reach.
   */
  private async reaches(caller: Caller | SystemCaller, loaded: FoldedStream<ChildState>): Promise<boolean> {
    if (loaded.revision === undefined) return false;
    if (knowsStream(caller, loaded.events, (reader) => canReadChild(reader, loaded.state))) return true;
    if ('system' in caller || !this.reachesCase) return false;
    for (const caseId of loaded.state.cases) if (await this.reachesCase(caller, caseId)) return true;
    return false;
  }

  /** The service's clock (fixed in tests). */
  now(): Date {
    return this.clock();
  }

  /**
   * The record's state. `sealed`: its personal fields left sealed, for deciding who may act and what to
   * record (the birth year, folded from the sealed birth date, is then unknown): nothing is opened for a
   * caller who may not reach the record.
   */
  load(childId: string, options: { readonly sealed?: boolean } = {}): Promise<FoldedStream<ChildState>> {
    return foldStream(this.store, childStream(childId), initialChildState, evolveChild, undefined, options);
  }

  /** Whether the caller may read the record, decided before anything of it is opened. */
  async readable(childId: string, caller: Caller): Promise<boolean> {
    return canReadChild(caller, (await this.load(childId, { sealed: true })).state);
  }

  /**
   * The records the caller reads with this full name or personal ID number (at most `limit`), found by the
   * blind index in the caller's communes; each is checked as a read of it would be.
   */
  async search(
    search: { readonly fullName?: string; readonly personalIdNumber?: string },
    caller: Caller,
    limit: number,
  ): Promise<string[]> {
    if (!maySearchChildren(caller.role))
      throw new StepNotPermitted(`the role ${caller.role} does not read child records`);
    const found = await this.index.find(search, searchedCommunes(caller), limit);
    const readable = await Promise.all(found.map((childId) => this.readable(childId, caller)));
    return found.filter((_, index) => readable[index]);
  }

  async handle(childId: string, command: ChildCommand, options: CommandOptions): Promise<ChildCommandResult> {
    if (command.type === 'EraseChildData' && !('system' in options.caller))
      assertMayErase(options.caller.role);
    const loaded = await this.load(childId, { sealed: true });
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
    if (!registering && !(await this.reaches(options.caller, loaded)))
      throw new CaseNotFound('no such child');
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
