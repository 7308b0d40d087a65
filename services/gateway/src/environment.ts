import { ConsumingEnvironment, port } from '@chungtay/runtime';
import { z } from 'zod';

const serviceUrl = (what: string) => z.url({ protocol: /^https?$/ }).describe(`Where the ${what} answers`);

/**
 * The gateway in production: GraphQL with introspection and GraphiQL off, its work queues fed from Kafka, and
 * the services it forwards commands to.
 */
export const GatewayEnvironment = ConsumingEnvironment.extend({
  PORT: port(4000),
  CASE_SERVICE_URL: serviceUrl('case service'),
  REFERRAL_SERVICE_URL: serviceUrl('referral service'),
  LEGAL_AID_SERVICE_URL: serviceUrl('legal-aid service'),
  MEDICAL_SERVICE_URL: serviceUrl('medical service'),
  SCHOOL_SAFETY_SERVICE_URL: serviceUrl('school-safety service'),
  OIDC_CONSOLE_CLIENT_ID: z
    .string()
    .min(1)
    .default('chungtay-console')
    .describe(
      'The console’s public client at the identity provider (authorization code with PKCE; no secret)',
    ),
});
