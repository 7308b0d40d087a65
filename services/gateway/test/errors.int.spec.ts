import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';

// Issue 16 (item 6) and 17 (items 1–3): a client's mistake is a 4xx that names the variable or field and
// never echoes a value; the platform's own trouble is a 503 with Retry-After.
let harness: GatewayHarness;
let token: string;
const NAME = 'Nguyễn Thị Hoa';
const PHONE = '0905123456';

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_errors');
  token = await harness.token('provincial_coordinator');
});
afterAll(async () => {
  await harness?.close();
});

// GraphQL over HTTP: a request error is 400 in application/graphql-response+json; in the legacy
// application/json it is 200 with errors. Either way, never a 5xx.
const RESPONSE_JSON = 'application/graphql-response+json';
const post = async (body: string, url = harness.url, accept = RESPONSE_JSON) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
};
const ask = (query: string, variables?: Record<string, unknown>) =>
  post(JSON.stringify({ query, ...(variables ? { variables } : {}) }));

const firstMessage = (text: string) =>
  (JSON.parse(text) as { errors: Array<{ message: string }> }).errors[0]?.message;

describe('nothing the client sent is echoed in an error', () => {
  it('a wrongly typed variable: the variable is named, its value is not', async () => {
    const answer = await ask('query Q($r: Int) { workQueue(first: $r) { pageInfo { hasNextPage } } }', {
      r: NAME,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(NAME);
    expect(firstMessage(answer.text)).toContain('$r');
  });

  it('an object where a scalar is expected, and a list: nothing of it comes back', async () => {
    for (const value of [{ fullName: NAME, phone: PHONE }, [NAME, PHONE]]) {
      const answer = await ask('query Q($r: Int) { workQueue(first: $r) { pageInfo { hasNextPage } } }', {
        r: value,
      });
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain(PHONE);
      expect(answer.text).not.toContain(NAME);
      expect(answer.text).not.toContain('fullName');
    }
  });

  it('a wrongly typed literal', async () => {
    const answer = await ask(`{ workQueue(first: "${NAME} ${PHONE}") { pageInfo { hasNextPage } } }`);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(NAME);
    expect(answer.text).not.toContain(PHONE);
    expect(firstMessage(answer.text)).toMatch(/Int/);
  });

  it('a body that is not JSON', async () => {
    const answer = await post(`{"query": "{ __typename }", "variables": {"name": "${NAME}" ${PHONE}`);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(NAME);
    expect(answer.text).not.toContain(PHONE);
  });

  it('a query that does not parse', async () => {
    const answer = await ask(`{ workQueue(first: 1) { ${PHONE} } }`);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(PHONE);
  });
});

describe('no 5xx for a client’s mistake', () => {
  it('a malformed subscription is 400, and one asked for as plain JSON is refused as a client error', async () => {
    const malformed = await ask('subscription { caseChanged }');
    expect(malformed.status).toBe(400);
    expect(firstMessage(malformed.text)).toMatch(/caseChanged/);
    const plain = await post(
      JSON.stringify({ query: 'subscription { queueChanged { caseId } }' }),
      harness.url,
      'application/json',
    );
    expect(plain.status, plain.text).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
  });

  it('variables that are not JSON on a GET is 400', async () => {
    const response = await fetch(
      `${harness.url}/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7B`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(400);
  });

  it('a data argument nested 20,000 levels deep is a 4xx naming the limit', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const answer = await post(
      `{"query":"mutation M($d: JSON!) { caseCommand(caseId: \\"00000000-0000-4000-8000-000000000000\\", expectedRevision: 0, type: ReviewCase, data: $d) { revision } }","variables":{"d":${deep}}}`,
    );
    expect(answer.status).toBe(400);
    expect(firstMessage(answer.text)).toBe('$d is nested deeper than 32 levels');
  });
});

describe('the platform’s own trouble', () => {
  it('a failure of the database behind a resolver is 503 with Retry-After, not 200 with an internal error', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const url = await harness.gatewayWith({
      queue: {
        page: async () => {
          throw refused;
        },
      } as never,
    });
    const answer = await post(JSON.stringify({ query: '{ workQueue { edges { node { id } } } }' }), url);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(answer.text)).toMatchObject({
      errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    });
    expect(answer.text).not.toContain('5432');
  });
});
