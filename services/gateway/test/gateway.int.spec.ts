import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedSchema } from '../src/schema/index.ts';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { sampleTimeline } from './timeline-samples.ts';

let harness: GatewayHarness;
const caseId = randomUUID();

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_basics');
  await harness.record(caseId, sampleTimeline(caseId).slice(0, 4));
});
afterAll(async () => {
  await harness?.close();
});

const CASE = `query Case($id: ID!) { case(id: $id) { id status revision timeline(first: 50) { edges { node { type visibility data } } } } }`;

describe('the gateway: reading a case', () => {
  it('the commune officer reads the case and its timeline', async () => {
    const answer = await harness.ask<{ case: { status: string; revision: number } }>(
      'commune_officer',
      CASE,
      {
        id: caseId,
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.case).toMatchObject({ id: caseId, status: 'INITIAL_ASSESSED', revision: 3 });
  });

  it('filters the timeline by event type, after the lens, before paging', async () => {
    const answer = await harness.ask<{
      case: { timeline: { edges: Array<{ node: { type: string } }> } };
    }>(
      'commune_officer',
      `query T($id: ID!) { case(id: $id) { timeline(last: 1, types: ["ReportReceived", "InitialAssessmentCompleted"]) { edges { node { type } } } } }`,
      { id: caseId },
    );
    expect(answer.data?.case.timeline.edges.map((edge) => edge.node.type)).toEqual([
      'InitialAssessmentCompleted',
    ]);
    const none = await harness.ask<{ case: { timeline: { edges: unknown[] } } }>(
      'commune_officer',
      `query T($id: ID!) { case(id: $id) { timeline(first: 5, types: ["NoSuchEvent"]) { edges { node { type } } } } }`,
      { id: caseId },
    );
    expect(none.data?.case.timeline.edges).toEqual([]);
  });

  it('answers a case outside the reader’s reach exactly like one that does not exist', async () => {
    const otherCommune = await harness.ask('commune_officer', CASE, { id: caseId }, ['23575']);
    const missing = await harness.ask('commune_officer', CASE, { id: randomUUID() }, ['23575']);
    const malformed = await harness.ask('commune_officer', CASE, { id: 'not-a-case' }, ['23575']);
    expect(otherCommune).toEqual({ status: 200, data: { case: null } });
    expect(missing).toEqual(otherCommune);
    expect(malformed).toEqual(otherCommune);
    expect(await harness.ask('hotline_operator', CASE, { id: caseId })).toEqual(otherCommune);
    expect(await harness.ask('legal_aid_officer', CASE, { id: caseId })).toEqual(otherCommune);
  });

  it('401 without a token, with a forged one, or with an expired one; health is anonymous', async () => {
    expect((await harness.ask({}, '{ __typename }')).status).toBe(401);
    expect((await harness.ask({ token: 'not.a.token' }, '{ __typename }')).status).toBe(401);
    const expired = await harness.issuer.mint(
      { sub: 'late', agency: 'commune', role: 'commune_officer', communes: ['21583'] },
      '-1m',
    );
    expect((await harness.ask({ token: expired }, '{ __typename }')).status).toBe(401);
    expect((await fetch(`${harness.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${harness.url}/health/ready`)).status).toBe(200);
  });

  it('time travel (J4): an auditor sees the case as the commune officer saw it at a revision, names still masked', async () => {
    const TRAVEL = `query Travel($id: ID!, $rev: Int, $asOf: String, $viewAs: String, $reason: String) {
      case(id: $id, asOfRevision: $rev, asOf: $asOf, viewAs: $viewAs, unmaskReason: $reason) {
        status revision deadlines { kind status } timeline(first: 50) { edges { node { revision type data } } } } }`;
    type Travelled = {
      case: {
        status: string;
        revision: number;
        timeline: {
          edges: Array<{ node: { revision: number; type: string; data: Record<string, unknown> } }>;
        };
      };
    };
    const then = await harness.ask<Travelled>('auditor', TRAVEL, {
      id: caseId,
      rev: 1,
      viewAs: 'commune_officer',
    });
    expect(then.errors).toBeUndefined();
    expect(then.data?.case).toMatchObject({ status: 'AT_COMMUNE', revision: 1 });
    expect(then.data?.case.timeline.edges.map((edge) => edge.node.type)).toEqual([
      'ReportReceived',
      'ReportForwardedToCommune',
    ]);
    // The commune officer saw the reporter; the auditor looking through that lens sees it masked until a reason is given.
    const report = then.data?.case.timeline.edges[0]?.node.data as { reporter: unknown; child: unknown };
    expect(report.reporter).toEqual({ $masked: true });
    expect(JSON.stringify(then)).not.toContain('REPORTER-SECRET');
    const reasoned = await harness.ask<Travelled>('auditor', TRAVEL, {
      id: caseId,
      rev: 1,
      viewAs: 'commune_officer',
      reason: 'Thanh tra việc xử lý tin báo',
    });
    expect(JSON.stringify(reasoned)).toContain('REPORTER-SECRET');
    // Today the case is further on.
    const now = await harness.ask<Travelled>('auditor', TRAVEL, { id: caseId });
    expect(now.data?.case.revision).toBe(3);
    // By instant: before the forward, only the report.
    const early = await harness.ask<Travelled>('commune_officer', TRAVEL, {
      id: caseId,
      asOf: new Date(Date.now() + 60_000).toISOString(),
      rev: 0,
    });
    expect(early.data?.case.timeline.edges.map((edge) => edge.node.revision)).toEqual([0]);
    const beforeAnything = await harness.ask('auditor', TRAVEL, { id: caseId, asOf: '2000-01-01T00:00:00Z' });
    expect(beforeAnything.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_VISIBLE_THEN' });
  });

  it('time travel refuses what it must: another lens for a non-auditor, an unknown role, a bad instant, a lens that did not see the case', async () => {
    const TRAVEL = `query T($id: ID!, $asOf: String, $viewAs: String) { case(id: $id, asOf: $asOf, viewAs: $viewAs) { revision } }`;
    expect(
      (await harness.ask('commune_officer', TRAVEL, { id: caseId, viewAs: 'auditor' })).errors?.[0]
        ?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN', field: 'viewAs' });
    expect(
      (await harness.ask('auditor', TRAVEL, { id: caseId, viewAs: 'mayor' })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'viewAs' });
    expect(
      (await harness.ask('auditor', TRAVEL, { id: caseId, asOf: 'yesterday' })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    expect(
      (await harness.ask('auditor', TRAVEL, { id: caseId, viewAs: 'school_safety_officer' })).errors?.[0]
        ?.extensions,
    ).toMatchObject({ code: 'NOT_VISIBLE_THEN' });
    // A reader who cannot see the case today learns nothing, time travel or not.
    expect(await harness.ask('commune_officer', TRAVEL, { id: caseId }, ['23575'])).toEqual({
      status: 200,
      data: { case: null },
    });
  });

  it('the committed schema.graphql matches the code (run `pnpm --filter @chungtay/gateway schema`)', async () => {
    expect(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
  });
});
