import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, uniqueName, waitFor } from '../src/index.ts';

// Smoke test of the real broker with the client every service uses: topic creation, the idempotent
// producer, a consumer group with manual commits, and reading the committed offset back.
describe('Kafka broker (real, single-node KRaft)', () => {
  const kafka = new Kafka({
    clientId: uniqueName('smoke'),
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const groupId = uniqueName('smoke-group');
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const topic = uniqueName('smoke-topic');

  afterAll(async () => {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  });

  it('creates a topic, produces idempotently, consumes in a group and commits manually', async () => {
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(
      true,
    );
    expect(await admin.listTopics()).toContain(topic);

    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, index) => ({
      key: `case-${index % 3}`,
      value: JSON.stringify({ index }),
    }));
    const acks = await producer.send({ topic, acks: -1, messages });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const received: Array<{ key: string; index: number; partition: number }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        const { index } = JSON.parse(message.value?.toString() ?? '{}') as { index: number };
        received.push({ key: message.key?.toString() ?? '', index, partition });
        await consumer.commitOffsets([
          { topic: from, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    await waitFor(() => (received.length === messages.length ? true : undefined), {
      what: 'all 30 messages',
    });

    // One key, one partition, in the order produced.
    for (const key of ['case-0', 'case-1', 'case-2']) {
      const ofKey = received.filter((message) => message.key === key);
      expect(new Set(ofKey.map((message) => message.partition)).size).toBe(1);
      expect(ofKey.map((message) => message.index)).toEqual(
        [...ofKey.map((m) => m.index)].sort((a, b) => a - b),
      );
      expect(ofKey).toHaveLength(10);
    }

    await consumer.stop();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0]?.partitions.reduce((sum, partition) => sum + Number(partition.offset), 0);
    expect(total).toBe(messages.length);
  });
});
