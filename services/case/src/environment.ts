import { port, ServiceEnvironment } from '@chungtay/runtime';
import { z } from 'zod';

/** The case service in production: the case and child APIs, and a deadline watcher (any number may run). */
export const CaseEnvironment = ServiceEnvironment.extend({
  PORT: port(4001),
  DEADLINE_CHECK_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('How often the deadline watcher records missed deadlines, in ms'),
  CHUNGTAY_INDEX_SECRET: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, '32 bytes in base64')
    .describe(
      'Keys the child blind index (32 bytes, base64, a secret): its own key, never derived from the master key (decision 0043). A deployment made before keeps the value `chungtay index-secret` prints',
    ),
});
