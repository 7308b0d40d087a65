import { hostname } from 'node:os';
import { WorkingCalendar } from '@chungtay/calendar';
import { ServiceEnvironment, serviceMain } from '@chungtay/runtime';
import { z } from 'zod';
import { indexSecretFrom } from './child/blind-index.ts';
import { DeadlineWatcher } from './deadline-watcher.ts';
import { createCaseService } from './service.ts';

/** The case service in production: the case and child APIs, and a deadline watcher (any number may run). */
export const CaseEnvironment = ServiceEnvironment.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4001),
  DEADLINE_CHECK_MS: z.coerce.number().int().min(0).default(60_000),
});

await serviceMain('case', CaseEnvironment, async (parts, config) => {
  const { app, application } = await createCaseService({
    store: parts.store,
    executor: parts.executor,
    verifier: parts.verifier,
    calendar: WorkingCalendar.default(),
    indexSecret: indexSecretFrom(parts.masterKey),
  });
  const watcher = new DeadlineWatcher({
    application,
    name: `deadline-watcher-${hostname()}-${process.pid}`,
    intervalMs: config.DEADLINE_CHECK_MS,
  });
  await watcher.start();
  return { app, stop: () => watcher.stop() };
});
