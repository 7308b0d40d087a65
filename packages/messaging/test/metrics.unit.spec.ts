import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerConsumerMetrics } from '../src/index.ts';

describe('consumer metrics', () => {
  it('reads the consumer’s figures at scrape time', async () => {
    const registry = new Registry();
    const consumer = {
      metrics: { applied: 7, duplicates: 2, deadLettered: 1 },
      lag: async () => 42,
      staleStreams: async () => ['case-1'],
    };
    registerConsumerMetrics(registry, 'timeline', consumer);
    consumer.metrics.applied = 9;
    const text = await registry.metrics();
    expect(text).toMatch(/chungtay_consumer_applied_total\{consumer="timeline"\} 9/);
    expect(text).toMatch(/chungtay_consumer_duplicates_total\{consumer="timeline"\} 2/);
    expect(text).toMatch(/chungtay_consumer_dead_lettered_total\{consumer="timeline"\} 1/);
    expect(text).toMatch(/chungtay_consumer_stale_streams\{consumer="timeline"\} 1/);
    expect(text).toMatch(/chungtay_consumer_lag\{consumer="timeline"\} 42/);
  });
});
