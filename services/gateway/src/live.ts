import type { CaseApplication } from '@chungtay/case';
import { caseFactsOf } from '@chungtay/case';
import type { RecordedEvent } from '@chungtay/event-store';
import type { CaseFacts } from '@chungtay/policy';
import { createPubSub } from 'graphql-yoga';
import type { Logger } from 'pino';

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
  const pubsub = createPubSub<{ caseChanged: [notice: Notice] }>();
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

const CASE_STREAM = 'case-';

/**
 * Publishes each case event the gateway's read model applied (after it committed, so a page that reads the
 * work queue again finds the row). The facts are folded once per event from the sealed stream: no key is
 * opened, and every subscriber's reach is a comparison, not a read.
 */
export function caseChangePublisher(changes: CaseChanges, cases: CaseApplication, logger: Logger) {
  return (recorded: RecordedEvent): void => {
    if (!recorded.streamId.startsWith(CASE_STREAM)) return;
    const caseId = recorded.streamId.slice(CASE_STREAM.length);
    cases
      .load(caseId)
      .then(({ state }) =>
        changes.publish({ caseId, revision: recorded.revision, facts: caseFactsOf(state) }),
      )
      // A notice that could not be made costs a live update, never the read model: the page still reads it.
      .catch((error: Error) => logger.warn({ err: { name: error.name } }, 'case change not published'));
  };
}
