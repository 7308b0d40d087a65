import { serviceMain } from '@chungtay/runtime';
import { ReferralEnvironment } from './environment.ts';
import { createReferralService } from './service.ts';

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
  return {
    app: service.app,
    consumers: { referrals: service.consumer },
    gauges: [
      {
        name: 'chungtay_referral_reactions_set_aside',
        help: 'Reactions (police notifications, plan referrals) that failed every try: see chungtay referrals failed',
        read: async () => (await service.readModel.failedTriggers()).length,
      },
    ],
    stop: () => service.stop(),
  };
});
