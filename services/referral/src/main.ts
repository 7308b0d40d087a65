import { ConsumingEnvironment, serviceMain } from '@chungtay/runtime';
import { z } from 'zod';
import { createReferralService } from './service.ts';

/** The referral service in production: its API, its read model fed from Kafka, and its worker. */
export const ReferralEnvironment = ConsumingEnvironment.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4002),
  REFERRAL_WORKER_MS: z.coerce.number().int().min(0).default(1_000),
});

await serviceMain('referral', ReferralEnvironment, async (parts, config) => {
  const service = await createReferralService({
    store: parts.store,
    executor: parts.executor,
    db: parts.db,
    verifier: parts.verifier,
    feed: parts.feed,
    keys: parts.keys,
    workerIntervalMs: config.REFERRAL_WORKER_MS,
  });
  return { app: service.app, consumers: { referrals: service.consumer }, stop: () => service.stop() };
});
