import { MasterKey } from '@chungtay/event-store';
import { z } from 'zod';

/**
 * What every service of the production topology reads from its environment. Values never appear in a
 * message: a bad master key is reported by name only.
 */
export const ServiceEnvironment = z.object({
  /** The service's PostgreSQL: the event store (unless EVENTSTORE_URL), subject keys, its read models. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** EventStoreDB instead of PostgreSQL for the events (`esdb://…`); keys and read models stay in PostgreSQL. */
  EVENTSTORE_URL: z.string().startsWith('esdb').optional(),
  /** Needed by the services that consume case events (`ConsumingEnvironment`). */
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'host:port pairs separated by commas')
    .optional(),
  /** Prefixes every topic name (a shared cluster, or a test). */
  TOPIC_PREFIX: z.string().default(''),
  OIDC_ISSUER: z.string().min(1),
  OIDC_AUDIENCE: z.string().min(1).default('chungtay'),
  /** The identity provider's key set; keys are fetched and cached, and refetched for an unknown key id. */
  OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }),
  /** 32 bytes, base64: wraps every subject's key (docs/operations.md, "Keys"). */
  CHUNGTAY_MASTER_KEY: z.string().refine((value) => {
    try {
      MasterKey.fromBase64(value);
      return true;
    } catch {
      return false;
    }
  }, '32 bytes in base64'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535),
});
export type ServiceEnvironment = z.infer<typeof ServiceEnvironment>;

/** A service with read models fed from Kafka. */
export const ConsumingEnvironment = ServiceEnvironment.extend({
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'host:port pairs separated by commas'),
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
