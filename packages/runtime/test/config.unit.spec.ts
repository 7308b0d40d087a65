import { MasterKey } from '@chungtay/event-store';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ConfigurationError,
  ConsumingEnvironment,
  readEnvironment,
  ServiceEnvironment,
} from '../src/config.ts';

const valid = {
  DATABASE_URL: 'postgres://chungtay@db.internal:5432/chungtay',
  OIDC_ISSUER: 'https://id.gialai.gov.vn/realms/chungtay',
  OIDC_JWKS_URL: 'https://id.gialai.gov.vn/realms/chungtay/protocol/openid-connect/certs',
  CHUNGTAY_MASTER_KEY: MasterKey.generate().toBase64(),
  PORT: '4001',
};

const problemsOf = (schema: z.ZodType, env: Record<string, string>) => {
  try {
    readEnvironment(schema, env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return [...(error as ConfigurationError).problems];
  }
};

describe('a service’s environment', () => {
  it('reads a complete one, with defaults for the rest', () => {
    expect(readEnvironment(ServiceEnvironment, valid)).toMatchObject({
      PORT: 4001,
      HOST: '0.0.0.0',
      OIDC_AUDIENCE: 'chungtay',
      TOPIC_PREFIX: '',
    });
  });

  it('names every missing or malformed variable, and never its value', () => {
    const problems = problemsOf(ServiceEnvironment, {
      DATABASE_URL: 'mysql://db/secret-db-name',
      CHUNGTAY_MASTER_KEY: 'c2VjcmV0LWJ1dC10b28tc2hvcnQ=',
      OIDC_JWKS_URL: 'file:///etc/keys.json',
      PORT: '70000',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      ['CHUNGTAY_MASTER_KEY', 'DATABASE_URL', 'OIDC_ISSUER', 'OIDC_JWKS_URL', 'PORT'].sort(),
    );
    const text = problems.join('\n');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('c2VjcmV0');
  });

  it('requires Kafka brokers of a service that consumes case events, and only of those', () => {
    expect(problemsOf(ServiceEnvironment, valid)).toEqual([]);
    expect(problemsOf(ConsumingEnvironment, valid).map((problem) => problem.split(':')[0])).toEqual([
      'KAFKA_BROKERS',
    ]);
    expect(
      problemsOf(ConsumingEnvironment, { ...valid, KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }),
    ).toHaveLength(1);
    expect(
      problemsOf(ConsumingEnvironment, { ...valid, KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' }),
    ).toEqual([]);
  });
});
