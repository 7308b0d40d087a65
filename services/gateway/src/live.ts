import { setMaxListeners } from 'node:events';
import type { RecordedEvent } from '@chungtay/event-store';
import type { CaseFacts } from '@chungtay/policy';
import { createPubSub } from 'graphql-yoga';

/**
 * That a case changed, and who may know it: the case's facts (communes, agencies and units involved), never
 * its content. Each subscriber is told of the changes to cases in its reach, then reads them through its lens.
 */
export interface CaseChange {
  readonly caseId: string;
  readonly revision: number;
  readonly facts: CaseFacts;
}

/** Published once when the gateway stops: every live stream ends, so closing the server waits for none. */
const CLOSING = { closing: true } as const;
type Notice = CaseChange | typeof CLOSING;

export interface CaseChanges {
  publish(change: CaseChange): void;
  /** The changes this subscriber may know of, until the gateway stops. */
  follow(accept: (change: CaseChange) => boolean): AsyncGenerator<CaseChange>;
  /** Ends every stream, and any opened from now on. */
  end(): void;
}

export function createCaseChanges(): CaseChanges {
  // One listener per open page: a province has hundreds, which is no leak (Node warns past 10).
  const target = new EventTarget();
  setMaxListeners(0, target);
  const pubsub = createPubSub<{ caseChanged: [notice: Notice] }>({ eventTarget: target });
  let ended = false;
  return {
    publish: (change) => pubsub.publish('caseChanged', change),
    async *follow(accept) {
      if (ended) return;
      for await (const notice of pubsub.subscribe('caseChanged')) {
        if ('closing' in notice) return;
        if (accept(notice)) yield notice;
      }
    },
    end() {
      ended = true;
      pubsub.publish('caseChanged', CLOSING);
    },
  };
}

/**
 * Publishes each case event the gateway's read model applied, after it committed (a page that reads the work
 * queue again finds the row), with the facts its handler folded: no read, and every subscriber's reach is a
 * comparison.
 */
export function caseChangePublisher(
  changes: CaseChanges,
  queue: { takeFacts(recorded: RecordedEvent): CaseFacts | undefined },
) {
  return (recorded: RecordedEvent): void => {
    const facts = queue.takeFacts(recorded);
    if (facts)
      changes.publish({
        caseId: recorded.streamId.slice('case-'.length),
        revision: recorded.revision,
        facts,
      });
  };
}
