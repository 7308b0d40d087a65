import { hostname } from 'node:os';
import { WorkingCalendar } from '@chungtay/calendar';
import { serviceMain } from '@chungtay/runtime';
import { DeadlineWatcher } from './deadline-watcher.ts';
import { CaseEnvironment } from './environment.ts';
import { createCaseService } from './service.ts';

await serviceMain('case', CaseEnvironment, async (parts, config) => {
  const { app, application, close } = await createCaseService({
    store: parts.store,
    executor: parts.executor,
    verifier: parts.verifier,
    calendar: WorkingCalendar.default(),
    indexSecret: Buffer.from(config.CHUNGTAY_INDEX_SECRET, 'base64'),
  });
  const watcher = new DeadlineWatcher({
    application,
    name: `deadline-watcher-${hostname()}-${process.pid}`,
    intervalMs: config.DEADLINE_CHECK_MS,
  });
  await watcher.start();
  return {
    app,
    stop: async () => {
      await watcher.stop();
      await close();
    },
  };
});
