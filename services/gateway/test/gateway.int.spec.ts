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

  it('the committed schema.graphql matches the code (run `pnpm --filter @chungtay/gateway schema`)', async () => {
    expect(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
  });
});
