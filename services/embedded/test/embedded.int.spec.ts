import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFixture, waitFor } from '@chungtay/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startBanner } from '../src/banner.ts';
import { startEmbedded } from '../src/platform.ts';

const QUEUE = '{ workQueue(first: 10) { edges { node { id status } } } }';

async function queueOf(graphqlUrl: string, token: string): Promise<Array<{ id: string; status: string }>> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUEUE }),
  });
  const body = (await response.json()) as {
    data: { workQueue: { edges: Array<{ node: { id: string; status: string } }> } };
  };
  return body.data.workQueue.edges.map((edge) => edge.node);
}

const report = (caseId: string) => reportFixture(caseId, { receivedAt: '2026-11-29T08:00:00+07:00' });

describe('the embedded default', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the case API with demo tokens, keeps data across a restart, and starts afresh on request', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chungtay-embedded-'));
    const first = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: false });
    expect(first.masterKeyCreated).toBe(true);
    expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
    expect(await (await fetch(`${first.url}/health/live`)).json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    expect(Object.keys(first.tokens)).toHaveLength(9);
    const caseId = randomUUID();
    const created = await fetch(`${first.url}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${first.tokens.hotline_operator}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(report(caseId)),
    });
    expect(created.status).toBe(201);
    // The gateway's work queue learns of it through the in-process transport.
    await waitFor(
      async () => (await queueOf(first.graphqlUrl, first.tokens.commune_officer)).length === 1 || undefined,
    );
    await first.stop();

    const second = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: false });
    expect(second.masterKeyCreated).toBe(false);
    const read = await fetch(`${second.url}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${second.tokens.commune_officer}` },
    });
    expect(await read.json()).toMatchObject({ status: 'REPORTED', revision: 0, communeCode: '21583' });
    // The issuer's key is kept beside the data: a token of the first run still works after the restart.
    const earlier = await fetch(`${second.url}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${first.tokens.commune_officer}` },
    });
    expect(earlier.status).toBe(200);
    expect(await queueOf(second.graphqlUrl, second.tokens.commune_officer)).toEqual([
      { id: caseId, status: 'REPORTED' },
    ]);
    // A mutation through the gateway reaches the case service with the caller's token.
    const forwarded = await fetch(second.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${second.tokens.hotline_operator}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: `mutation { caseCommand(caseId: "${caseId}", expectedRevision: 0, type: ForwardToCommune, data: { toCommuneCode: "21583", forwardedAt: "2026-11-29T08:30:00+07:00" }) { revision } }`,
      }),
    });
    expect(await forwarded.json()).toEqual({ data: { caseCommand: { revision: 1 } } });
    // J3 on the embedded default: a referral issued through the gateway reaches legal aid's inbox.
    const referralId = randomUUID();
    const issued = await fetch(second.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${second.tokens.commune_officer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query:
          'mutation ($caseId: ID!, $referral: IssueReferralInput!) { issueReferral(caseId: $caseId, referral: $referral) { id } }',
        variables: {
          caseId,
          referral: {
            referralId,
            toAgency: 'legal_aid',
            reason: 'Tư vấn pháp lý cho gia đình.',
            urgency: 'URGENT',
            dueAt: new Date(Date.now() + 86_400_000).toISOString(),
            sharingBasis: 'CONSENT',
          },
        },
      }),
    });
    expect(await issued.json()).toEqual({ data: { issueReferral: { id: referralId } } });
    await waitFor(async () => {
      const inbox = await fetch(second.graphqlUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${second.tokens.legal_aid_officer}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ query: '{ referralInbox { edges { node { referralId status } } } }' }),
      });
      const body = (await inbox.json()) as {
        data: { referralInbox: { edges: Array<{ node: { referralId: string } }> } };
      };
      return body.data.referralInbox.edges.some((edge) => edge.node.referralId === referralId) || undefined;
    });
    expect((await stat(join(dataDir, 'issuer.jwk'))).mode & 0o777).toBe(0o600);
    await second.stop();

    const fresh = await startEmbedded({ dataDir, port: 0, fresh: true, deadlineCheckMs: 0, demo: false });
    expect(fresh.masterKeyCreated).toBe(true);
    // Starting afresh makes a new issuer too: earlier tokens are void.
    const voided = await fetch(`${fresh.url}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${first.tokens.auditor}` },
    });
    expect(voided.status).toBe(401);
    const gone = await fetch(`${fresh.url}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${fresh.tokens.auditor}` },
    });
    expect(gone.status).toBe(404);
    await fresh.stop();
  }, 180_000);

  it('seeds the Gia Lai demo into empty data once, and prints ready operations for every journey on it', async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'chungtay-demo-'));
    try {
      const progress: number[] = [];
      const first = await startEmbedded({
        dataDir: demoDir,
        port: 0,
        deadlineCheckMs: 0,
        demo: { cases: 30 },
        onDemoProgress: (done) => progress.push(done),
      });
      expect(first.seeded?.cases).toBe(30);
      expect(progress.at(-1)).toBe(30);
      const showcase = first.demo;
      expect(showcase?.openReferral).toBeDefined();
      const banner = startBanner(first, { dataDir: demoDir, fresh: false }).join('\n');
      // The console's address comes first, before anything for programmers.
      expect(banner.split('\n')[1]).toBe(
        `  console:    ${first.url}/   (open it in a browser; sign in as any demo user)`,
      );
      for (const journey of ['J1', 'J2', 'J3', 'J4', 'J5', 'J6']) expect(banner).toContain(`${journey} —`);
      for (const token of Object.values(first.tokens)) expect(banner).toContain(token);
      expect(banner).toContain(showcase?.openReferral?.referralId);
      expect(banner).toContain('seeded now: 30 cases');
      // The commune officer's work queue fills from the demo, through the in-process transport.
      await waitFor(
        async () =>
          (await queueOf(first.graphqlUrl, first.tokens.commune_officer)).length === 10 || undefined,
      );
      // The banner's J3 claim works as printed: the unclaimed referral reaches its agency's inbox and is claimed.
      const referral = showcase?.openReferral as { caseId: string; referralId: string; toAgency: string };
      const officer =
        referral.toAgency === 'health' ? first.tokens.health_worker : first.tokens.legal_aid_officer;
      const claim = banner.split('\n').find((line) => line.includes('action: claim')) as string;
      const body = claim.slice(claim.indexOf("-d '") + 4, claim.lastIndexOf("'"));
      const claimed = await fetch(first.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
        body,
      });
      expect(await claimed.json()).toEqual({ data: { referralAction: { id: referral.referralId } } });
      await first.stop();

      // A restart keeps the data and seeds nothing more.
      const second = await startEmbedded({
        dataDir: demoDir,
        port: 0,
        deadlineCheckMs: 0,
        demo: { cases: 30 },
      });
      expect(second.seeded).toBeUndefined();
      expect(second.demo).toEqual(showcase);
      expect(startBanner(second, { dataDir: demoDir, fresh: false }).join('\n')).toContain(
        'kept from an earlier start',
      );
      const read = await fetch(`${second.url}/cases/${referral.caseId}`, {
        headers: { authorization: `Bearer ${second.tokens.commune_officer}` },
      });
      expect(read.status).toBe(200);
      await second.stop();
    } finally {
      await rm(demoDir, { recursive: true, force: true });
    }
  }, 180_000);
});
