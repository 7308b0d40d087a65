/**
 * J3's latency: a referral issued through the referral service's HTTP API → visible in the receiving agency's
 * inbox (the gateway's read model), on the real PostgreSQL: through the relay and Kafka (starting its own
 * broker unless KAFKA_BROKERS is set), and through the embedded default's store subscription.
 *   RESULT referral.pickup p50_ms=… p99_ms=… referrals=… transport=kafka
 *   RESULT referral.pickup.embedded …
 * BENCH_SCALE=0.2 shortens the run.
 */
import { randomUUID } from 'node:crypto';
import { startKafkaBroker } from '@chungtay/testing';
import { startGatewayHarness } from '../test/harness.ts';
import { at, sampleTimeline } from '../test/timeline-samples.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const REFERRALS = Math.max(50, Math.round(300 * scale));
/** Issues referrals one after another and times each until the receiving inbox shows it. */
async function pickup(transport: 'store' | 'kafka'): Promise<string> {
  const harness = await startGatewayHarness(`bench_referral_pickup_${transport}`, {
    accessLogDelayMs: 100,
    transport,
  });
  const token = await harness.token('commune_officer');
  const cases = Array.from({ length: 20 }, () => randomUUID());
  for (const caseId of cases) await harness.record(caseId, sampleTimeline(caseId).slice(0, 3));
  await harness.queued(cases.at(-1) as string, 2);
  await harness.referrals.worker.tick(); // the reports' own police notifications, out of the way

  const latencies: number[] = [];
  for (let index = 0; index < REFERRALS; index++) {
    const caseId = cases[index % cases.length] as string;
    const referralId = randomUUID();
    const started = performance.now();
    const response = await fetch(`${harness.referralServiceUrl}/cases/${caseId}/referrals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        referralId,
        toAgency: 'legal_aid',
        reason: 'Tư vấn pháp lý cho gia đình.',
        urgency: 'URGENT',
        dueAt: at('2026-03-09T17:00:00'),
        sharingBasis: 'CONSENT',
      }),
    });
    if (response.status !== 201) throw new Error(`issue answered ${response.status}`);
    // Poll the inbox's read model (what `referralInbox` reads) every millisecond.
    for (;;) {
      const { rows } = await harness.readModel.query(
        'select 1 from gateway.referrals where referral_id = $1',
        [referralId],
      );
      if (rows.length === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);
  await harness.close();
  return `p50_ms=${percentile(0.5)} p99_ms=${percentile(0.99)} referrals=${REFERRALS}`;
}

// The production path: relay → Kafka → the gateway's consumer; and the embedded default's store subscription.
const broker = process.env.KAFKA_BROKERS ? undefined : await startKafkaBroker();
if (broker) process.env.KAFKA_BROKERS = broker.brokers;
try {
  process.stdout.write(`RESULT referral.pickup ${await pickup('kafka')} transport=kafka store=postgresql\n`);
  process.stdout.write(
    `RESULT referral.pickup.embedded ${await pickup('store')} transport=store-subscription store=postgresql\n`,
  );
} finally {
  await broker?.stop();
}
