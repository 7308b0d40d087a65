import type { CaseApplication } from '@chungtay/case';
import type { EventStore, RecordedEvent } from '@chungtay/event-store';
import type { AccessLog, Caller } from '@chungtay/service-kit';
import DataLoader from 'dataloader';
import type { CaseChanges } from './live.ts';
import type { CaseQueue } from './read-model/case-queue.ts';
import type { ServiceClient } from './service-client.ts';
import type { TimelineCache } from './timeline-cache.ts';

/** What the gateway is built from; one instance serves every request. */
export interface GatewayDependencies {
  /** The authoritative timelines (personal fields opened for the lens to filter). */
  readonly store: EventStore;
  /** The case rules: deadlines are computed by the case service's own functions. */
  readonly cases: CaseApplication;
  /** The work queues' read model. */
  readonly queue: CaseQueue;
  readonly accessLog: AccessLog;
  /** Where mutations go, with the caller's token. */
  readonly caseService: ServiceClient;
  readonly referralService: ServiceClient;
  /** The agencies' own services, by the path they answer under (`/cases/:caseId/<path>`). */
  readonly agencyServices: Readonly<Record<AgencyPath, ServiceClient>>;
  /** Which cases changed, for the live subscriptions. */
  readonly changes: CaseChanges;
}

export const agencyPaths = ['legal-aid', 'medical', 'school-safety'] as const;
export type AgencyPath = (typeof agencyPaths)[number];

/** Parts of a case a request read, per case: the access log's entries, written once the request is done. */
export type CaseReads = Map<string, { parts: Set<'case' | 'timeline' | 'viewers'>; unmaskReason?: string }>;

/** What every resolver may use: the verified caller, the gateway's parts, and this request's batch loaders. */
export interface GatewayContext extends GatewayDependencies {
  readonly caller: Caller;
  /** A case's timeline; all the timelines one request asks for are read in one go. */
  readonly timelines: DataLoader<string, readonly RecordedEvent[] | undefined>;
  /** Whether a case's timeline is held opened already (no key is fetched, nothing decrypted, to read it). */
  readonly timelineHeld: (caseId: string) => boolean;
  readonly reads: CaseReads;
}

export const caseStreamId = (caseId: string) => `case-${caseId}`;

export function requestContext(
  dependencies: GatewayDependencies,
  timelines: TimelineCache,
  caller: Caller,
): GatewayContext {
  return {
    ...dependencies,
    caller,
    timelines: new DataLoader((caseIds) => timelines.load(caseIds.map(caseStreamId))),
    timelineHeld: (caseId) => timelines.holds(caseStreamId(caseId)),
    reads: new Map(),
  };
}

/** Notes that this request read a part of a case (the access log writes it when the request ends). */
export function noteRead(
  context: GatewayContext,
  caseId: string,
  part: 'case' | 'timeline' | 'viewers',
  unmaskReason?: string,
): void {
  const read = context.reads.get(caseId) ?? { parts: new Set() };
  read.parts.add(part);
  if (unmaskReason) read.unmaskReason = unmaskReason;
  context.reads.set(caseId, read);
}
