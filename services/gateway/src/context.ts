import type { CaseApplication } from '@chungtay/case';
import type { EventStore } from '@chungtay/event-store';
import type { Caller } from '@chungtay/service-kit';

/** What every resolver may use: the verified caller, the store (authoritative timelines) and the case rules. */
export interface GatewayContext {
  readonly caller: Caller;
  readonly store: EventStore;
  readonly cases: CaseApplication;
}
