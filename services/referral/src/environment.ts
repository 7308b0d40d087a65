import { ConsumingEnvironment, port } from '@chungtay/runtime';
import { z } from 'zod';

/** The referral service in production: its API, its read model fed from Kafka, and its worker. */
export const ReferralEnvironment = ConsumingEnvironment.extend({
  PORT: port(4002),
  REFERRAL_WORKER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1_000)
    .describe('How often the worker runs reactions and escalates overdue referrals, in ms'),
});

/** An agency service (legal aid, medical, school safety) in production: its commands and its inbox. */
export const agencyEnvironment = (defaultPort: number) =>
  ConsumingEnvironment.extend({ PORT: port(defaultPort) });

/** Where each agency service listens by default. */
export const agencyPorts = { 'legal-aid': 4003, medical: 4004, 'school-safety': 4005 } as const;
