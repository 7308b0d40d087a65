import { randomUUID } from 'node:crypto';
import { Roles } from '@chungtay/contracts';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { sampleTimeline } from './timeline-samples.ts';

// Issue 16, items 1–2: one read path, one lens. A REST read of a case and a GraphQL read of the same case
// by the same caller disclose the same facts, and both are recorded.
let harness: GatewayHarness;
let whole: string;
let started: string;

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_rest_lens');
  whole = randomUUID();
  await harness.record(whole, sampleTimeline(whole));
  started = randomUUID();
  await harness.record(started, sampleTimeline(started).slice(0, 3));
  await harness.queued(whole, sampleTimeline(whole).length - 1);
});
afterAll(async () => {
  await harness?.close();
});

const SUMMARY = `query S($id: ID!) { case(id: $id) { id revision status communeCode deadlines { id kind dueAt status metAt basis } } }`;

interface Summary {
  id: string;
  revision: number;
  status: string;
  communeCode: string | null;
  deadlines: unknown[];
}

describe('the REST read of a case', () => {
  it('discloses exactly what the GraphQL read does, for every role, and nothing more', async () => {
    for (const caseId of [whole, started]) {
      for (const role of Roles.codes) {
        const token = await harness.token(role);
        const rest = await fetch(`${harness.caseServiceUrl}/cases/${caseId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const graphql = await harness.ask<{ case: Summary | null }>(role, SUMMARY, { id: caseId });
        const seen = graphql.data?.case ?? null;
        if (!seen) {
          expect(rest.status, role).toBe(404);
          continue;
        }
        expect(rest.status, role).toBe(200);
        const { caseId: restId, ...facts } = (await rest.json()) as Record<string, unknown>;
        const { id, ...graphqlFacts } = seen;
        expect(restId).toBe(id);
        expect(facts, role).toEqual(graphqlFacts);
      }
    }
  });

  it('shows no deadlines to the roles the matrix keeps them from, and no report facts to anyone', async () => {
    for (const role of ['legal_aid_officer', 'health_worker', 'school_safety_officer'] as const) {
      const token = await harness.token(role);
      const rest = await fetch(`${harness.caseServiceUrl}/cases/${whole}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (rest.status === 404) continue;
      const body = (await rest.json()) as Record<string, unknown>;
      expect(body.deadlines, role).toEqual([]);
      for (const fact of ['category', 'formsOfHarm', 'involvedAgencies', 'openInvestigations'])
        expect(body, role).not.toHaveProperty(fact);
    }
  });

  it('is recorded in the case’s access log, like a GraphQL read', async () => {
    const token = await harness.token('commune_officer');
    const read = await fetch(`${harness.caseServiceUrl}/cases/${started}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    const VIEWINGS = `query V($id: ID!) { case(id: $id) { viewings { role lens operation parts } } }`;
    const viewing = await waitFor(async () => {
      const answer = await harness.ask<{ case: { viewings: Array<Record<string, unknown>> } }>(
        'auditor',
        VIEWINGS,
        { id: started },
      );
      return answer.data?.case.viewings.find((entry) => entry.operation === 'GET /cases/:caseId');
    });
    expect(viewing).toEqual({
      role: 'commune_officer',
      lens: 'commune_officer',
      operation: 'GET /cases/:caseId',
      parts: ['case'],
    });
  });
});

describe('no existence oracle in time (issue 16, item 5)', () => {
  it('a read of a case out of reach opens nothing, on REST and GraphQL: no key asked for, nothing decrypted', async () => {
    const hidden = randomUUID();
    await harness.record(hidden, sampleTimeline(hidden).slice(0, 3));
    // The gateway's own consumer opens the delivered events for its queue: let it finish before counting.
    await harness.queued(hidden, 2);
    const school = await harness.token('school_safety_officer');
    harness.keys.reads = 0;
    const rest = await fetch(`${harness.caseServiceUrl}/cases/${hidden}`, {
      headers: { authorization: `Bearer ${school}` },
    });
    expect(rest.status).toBe(404);
    const graphql = await harness.ask<{ case: unknown }>({ token: school }, SUMMARY, { id: hidden });
    expect(graphql.data?.case).toBeNull();
    expect(harness.keys.reads).toBe(0);
    // The same reads by the case's commune officer open its fields: the count does see a decryption.
    const seen = await harness.ask<{ case: { id: string } | null }>('commune_officer', SUMMARY, {
      id: hidden,
    });
    expect(seen.data?.case?.id).toBe(hidden);
    expect(harness.keys.reads).toBeGreaterThan(0);
  });
});

describe('no existence oracle on the referral and agency routes (issue 16, item 5)', () => {
  it('a case out of reach answers every write as an unknown case does: same status, same body', async () => {
    const post = async (url: string, token: string, body: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const stranger = await harness.token('commune_officer', ['23701']);
    const school = await harness.token('school_safety_officer');
    const lawyer = await harness.token('legal_aid_officer');
    const routes = (caseId: string) =>
      [
        [stranger, `${harness.referralServiceUrl}/cases/${caseId}/referrals/${randomUUID()}/claim`, {}],
        [lawyer, `${harness.referralServiceUrl}/cases/${caseId}/referrals/${randomUUID()}/claim`, {}],
        [
          school,
          `${harness.agencyServiceUrls.medical}/cases/${caseId}/medical`,
          {
            type: 'RecordRehabilitation',
            data: { recordedAt: '2026-03-02T11:00:00+07:00', kind: 'PHYSICAL', plan: 'x' },
          },
        ],
        [
          lawyer,
          `${harness.agencyServiceUrls['school-safety']}/cases/${caseId}/school-safety`,
          { type: 'ReportSchoolIncident', data: {} },
        ],
      ] as const;
    const hidden = routes(started);
    const unknown = routes(randomUUID());
    for (const [index, [token, url, body]] of hidden.entries()) {
      const [otherToken, otherUrl, otherBody] = unknown[index] as (typeof unknown)[number];
      const seen = await post(url, token, body);
      const none = await post(otherUrl, otherToken, otherBody);
      expect(seen.status, url).toBe(none.status);
      // The claims and the medical record are well formed: the answer is the case's absence, not the body's.
      if (index < 3) expect(seen.status, url).toBe(404);
      expect(seen.body, url).toEqual(none.body);
    }
  });
});
