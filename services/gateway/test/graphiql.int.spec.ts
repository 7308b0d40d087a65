import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, isLoopback, launchChromium } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';

// Issue 17, item 10: GraphiQL works with only the platform reachable, and runs no third-party code.
let harness: GatewayHarness;
let browser: Browser;
beforeAll(async () => {
  harness = await startGatewayHarness('gateway_graphiql');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

describe('GraphiQL, offline', () => {
  it('renders and runs a query with every request outside 127.0.0.1 blocked, and none is made', async () => {
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${await harness.token('provincial_coordinator')}` },
    });
    const outside: string[] = [];
    const violations: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${harness.url}/graphql`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.graphiql-execute-button').click();
    await page.getByText('"workQueue"').first().waitFor();
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(process.env.SCREENSHOTS ?? tmpdir(), 'graphiql.png') });
    await context.close();
  });

  it('serves its assets from the platform, and none in production', async () => {
    const script = await fetch(`${harness.url}/graphiql/graphiql.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${harness.url}/graphiql/nothing.js`)).status).toBe(404);
    const production = await harness.gatewayWith({ production: true });
    expect((await fetch(`${production}/graphiql/graphiql.js`)).status).toBe(404);
  });
});
