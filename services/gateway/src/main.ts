import { WorkingCalendar } from '@chungtay/calendar';
import { CaseApplication, defaultDeadlinePolicy } from '@chungtay/case';
import { consoleRoutes } from '@chungtay/console';
import { serviceMain } from '@chungtay/runtime';
import express from 'express';
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
  // The console's pages from the gateway's own origin, so its requests to /graphql need no CORS. People sign
  // in at the identity provider (decision 0053): no route here mints a token.
  const app = express()
    .use(consoleRoutes({ oidc: { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CONSOLE_CLIENT_ID } }))
    .use(gateway.app);
  return {
    app,
    consumers: { 'case-queue': gateway.consumer },
    drain: () => gateway.drain(),
    stop: () => gateway.stop(),
  };
});
