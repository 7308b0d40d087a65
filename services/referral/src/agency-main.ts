import { serviceMain } from '@chungtay/runtime';
import type { AgencyService, AgencyServiceOptions } from './agency-service.ts';
import { agencyEnvironment, agencyPorts } from './environment.ts';

/** An agency service's process in production: its commands and its inbox, fed from Kafka. */
export function agencyServiceMain<Command, State>(
  name: keyof typeof agencyPorts,
  create: (options: AgencyServiceOptions) => Promise<AgencyService<Command, State>>,
): Promise<void> {
  return serviceMain(name, agencyEnvironment(agencyPorts[name]), async (parts) => {
    const service = await create({
      store: parts.store,
      executor: parts.executor,
      verifier: parts.verifier,
      db: parts.db,
      feed: parts.feed,
      keys: parts.keys,
    });
    return {
      app: service.app,
      consumers: { [`${name}-inbox`]: service.consumer },
      stop: () => service.stop(),
    };
  });
}
