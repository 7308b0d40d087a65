import { MasterKey } from '@chungtay/event-store';
import { z } from 'zod';

const isMasterKey = (value: string): boolean => {
  try {
    MasterKey.fromBase64(value);
    return true;
  } catch {
    return false;
  }
};

const brokerList = z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'host:port pairs separated by commas');

/** A TCP port, with the service's default. */
export const port = (defaultPort: number) =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(defaultPort)
    .describe(`HTTP port (default ${defaultPort})`);

/**
 * What every service of the production topology reads from its environment. Values never appear in a
 * message: a bad master key is reported by name only. The descriptions are the configuration reference
 * (`docs/reference/configuration.md`).
 */
export const ServiceEnvironment = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .describe('PostgreSQL: the event store (unless EVENTSTORE_URL), subject keys, the service’s own tables'),
  EVENTSTORE_URL: z
    .string()
    .startsWith('esdb')
    .optional()
    .describe('EventStoreDB for the events instead (`esdb://…`); keys and read models stay in PostgreSQL'),
  KAFKA_BROKERS: brokerList
    .optional()
    .describe('Kafka brokers, `host:port` separated by commas (required where the service consumes events)'),
  TOPIC_PREFIX: z.string().default('').describe('Prefix of every topic name (a shared cluster, a test)'),
  OIDC_ISSUER: z.string().min(1).describe('The identity provider’s issuer (`iss` of every token)'),
  OIDC_AUDIENCE: z.string().min(1).default('chungtay').describe('The audience tokens must name (`aud`)'),
  OIDC_JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .describe('The provider’s key set; fetched, cached, refetched for an unknown key id'),
  OIDC_MAX_TOKEN_LIFETIME: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(12 * 3600)
    .describe('The longest token lifetime accepted, in seconds (exp − iat); a token without exp is refused'),
  CHUNGTAY_MASTER_KEY: z
    .string()
    .refine(isMasterKey, '32 bytes in base64')
    .describe('32 bytes, base64: wraps every data subject’s key (a secret: from the secret store)'),
  CHUNGTAY_PREVIOUS_MASTER_KEYS: z
    .string()
    .refine(
      (value) => value.split(',').every(isMasterKey),
      'master keys (32 bytes in base64), comma-separated',
    )
    .optional()
    .describe('During a master-key rotation: the earlier master keys, comma-separated (they only unwrap)'),
  HOST: z.string().default('0.0.0.0').describe('Address to listen on'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Structured (JSON) log level; logs carry ids and codes, never personal data'),
  PORT: z.coerce.number().int().min(0).max(65_535).describe('HTTP port'),
});
export type ServiceEnvironment = z.infer<typeof ServiceEnvironment>;

/** A service with read models fed from Kafka. */
export const ConsumingEnvironment = ServiceEnvironment.extend({
  KAFKA_BROKERS: brokerList.describe('Kafka brokers, `host:port` separated by commas'),
});

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** Parses the environment with a service's schema; every problem names its variable, never its value. */
export function readEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  );
}
