import { ConsumingEnvironment, serviceMain } from '@chungtay/runtime';
import { z } from 'zod';
import type { AgencyService, AgencyServiceOptions } from './agency-service.ts';

/** An agency service's process in production: its commands and its inbox, fed from Kafka. */
export function agencyServiceMain<Command, State>(
  name: string,
  defaultPort: number,
  create: (options: AgencyServiceOptions) => Promise<AgencyService<Command, State>>,
): Promise<void> {
  const environment = ConsumingEnvironment.extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
  });
  return serviceMain(name, environment, async (parts) => {
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
