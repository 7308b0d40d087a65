import { Gauge, type Registry } from 'prom-client';
import type { ConsumerMetrics } from './exactly-once.ts';

export interface MeasuredConsumer {
  readonly metrics: ConsumerMetrics;
  /** Messages not yet committed by the consumer group (Kafka consumers only). */
  lag?(): Promise<number>;
  staleStreams(): Promise<string[]>;
}

/**
 * Exposes a consumer's figures on a Prometheus registry, read at scrape time: events applied, duplicates
 * dropped, events dead-lettered, streams marked stale, and the group's lag.
 */
export function registerConsumerMetrics(registry: Registry, name: string, consumer: MeasuredConsumer): void {
  const labels = { consumer: name };
  const gauge = (metric: string, help: string, read: () => Promise<number> | number) =>
    new Gauge({
      name: `chungtay_consumer_${metric}`,
      help,
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.set(labels, await read());
      },
    });
  gauge('applied_total', 'Events applied to the read model', () => consumer.metrics.applied);
  gauge(
    'duplicates_total',
    'Redelivered events recognised as already applied',
    () => consumer.metrics.duplicates,
  );
  gauge(
    'dead_lettered_total',
    'Events sent to the dead-letter topic or table',
    () => consumer.metrics.deadLettered,
  );
  gauge(
    'stale_streams',
    'Streams whose read model is not to be trusted',
    async () => (await consumer.staleStreams()).length,
  );
  if (consumer.lag) {
    const lag = consumer.lag.bind(consumer);
    gauge('lag', 'Messages not yet committed by the consumer group', () => lag());
  }
}
