import { WorkingCalendar } from '@chungtay/calendar';
import { CaseApplication, defaultDeadlinePolicy } from '@chungtay/case';
import { serviceMain } from '@chungtay/runtime';
import { GatewayEnvironment } from './environment.ts';
import { createGatewayService } from './service.ts';

await serviceMain('gateway', GatewayEnvironment, async (parts, config) => {
  const gateway = await createGatewayService({
    store: parts.store,
    keys: parts.keys,
    db: parts.db,
    // The case service's rules as a library: deadlines and folds for reading, never for writing.
    cases: new CaseApplication(parts.store, defaultDeadlinePolicy, WorkingCalendar.default()),
    caseServiceUrl: config.CASE_SERVICE_URL,
    referralServiceUrl: config.REFERRAL_SERVICE_URL,
    agencyServiceUrls: {
      'legal-aid': config.LEGAL_AID_SERVICE_URL,
      medical: config.MEDICAL_SERVICE_URL,
      'school-safety': config.SCHOOL_SAFETY_SERVICE_URL,
    },
    verifier: parts.verifier,
    feed: parts.feed,
    production: true,
  });
  return {
    app: gateway.app,
    consumers: { 'case-queue': gateway.consumer },
    drain: () => gateway.drain(),
    stop: () => gateway.stop(),
  };
});
