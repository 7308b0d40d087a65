import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';

/** graphql-armor's limits, body limits, masked errors, and the embedded/production switches. */
let harness: GatewayHarness;
let productionUrl: string;
let token: string;

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_hardening');
  token = await harness.token('provincial_coordinator');
  productionUrl = await harness.gatewayWith({ production: true });
});
afterAll(async () => {
  await harness?.close();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });

describe('query limits (graphql-armor)', () => {
  const TIMELINES = `{ workQueue { edges { node { timeline { edges { node { type } } } } } } }`; // depth 7

  it('the deepest query the schema allows passes; deeper than the limit is refused', async () => {
    expect((await harness.ask('provincial_coordinator', TIMELINES)).errors).toBeUndefined();
    const shallow = await harness.gatewayWith({ limits: { maxDepth: { n: 6 } } });
    const refused = (await (await post(shallow, JSON.stringify({ query: TIMELINES }))).json()) as {
      errors?: Array<{ message: string }>;
    };
    expect(refused.errors?.[0]?.message).toMatch(/depth limit of 6/i);
    const allowed = (await (
      await post(
        shallow,
        JSON.stringify({ query: '{ workQueue { edges { node { timeline { edges { cursor } } } } } }' }),
      )
    ).json()) as { errors?: unknown };
    expect(allowed.errors).toBeUndefined();
  });

  it('refuses too many aliases, too many tokens, and a costly page of pages', async () => {
    const alias = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `a${i}: workQueue { pageInfo { hasNextPage } }`).join(' ')} }`;
    expect((await harness.ask('provincial_coordinator', alias(10))).errors).toBeUndefined();
    expect((await harness.ask('provincial_coordinator', alias(11))).errors?.[0]?.message).toMatch(
      /aliases limit/i,
    );
    const tokens = `{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }`;
    expect((await harness.ask('provincial_coordinator', tokens)).errors?.[0]?.message).toMatch(
      /token limit/i,
    );
    const costly = `{ workQueue(first: 100) { edges { node { timeline(first: 100) { edges { node { type data agency } } } } } } }`;
    expect((await harness.ask('provincial_coordinator', costly)).errors?.[0]?.message).toMatch(/cost limit/i);
    const affordable = costly.replace('first: 100', 'first: 5');
    expect((await harness.ask('provincial_coordinator', affordable)).errors).toBeUndefined();
  });
});

describe('bodies, errors and the two modes', () => {
  it('a body over the limit is 413 and changes nothing; unreadable JSON is 400', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(70_000) } });
    const tooLarge = await post(harness.url, huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const broken = await post(harness.url, '{"query": ');
    expect(broken.status).toBe(400);
  });

  it('unexpected failures are masked: no internals reach the client', async () => {
    const url = await harness.gatewayWith({
      queue: {
        page: async () => {
          throw new Error('relation "gateway.cases" does not exist at 10.0.0.7');
        },
      } as never,
    });
    const answer = (await (
      await post(url, JSON.stringify({ query: '{ workQueue { edges { node { id } } } }' }))
    ).json()) as {
      errors: Array<{ message: string }>;
    };
    expect(answer.errors[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(answer)).not.toContain('10.0.0.7');
  });

  it('the embedded default serves GraphiQL and introspection; production neither', async () => {
    const page = await fetch(`${harness.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
    const introspection = JSON.stringify({ query: '{ __schema { queryType { name } } }' });
    expect(await (await post(harness.url, introspection)).json()).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
    const hidden = await fetch(`${productionUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await hidden.text()).not.toContain('GraphiQL');
    const refused = (await (await post(productionUrl, introspection)).json()) as { errors?: unknown[] };
    expect(refused.errors?.length).toBeGreaterThan(0);
    // Field suggestions would reveal the schema: blocked.
    const typo = (await (
      await post(productionUrl, JSON.stringify({ query: '{ workQueu { edges { cursor } } }' }))
    ).json()) as {
      errors: Array<{ message: string }>;
    };
    expect(typo.errors[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  it('every audit passes against the gateway', async () => {
    const audits = serverAudits({
      url: `${harness.url}/graphql`,
      fetchFn: (input: RequestInfo, init: RequestInit = {}) =>
        fetch(input, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
        }),
    });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const failing = results
      .filter((result) => result.status !== 'ok')
      .map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
    expect(failing).toEqual([]);
    expect(results.length).toBeGreaterThan(30);
  });
});
