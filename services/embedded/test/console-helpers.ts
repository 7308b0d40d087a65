import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { type Role, Roles } from '@chungtay/contracts';
import { type Browser, isLoopback, type Page } from '@chungtay/testing';

/** What the console's browser tests share: the accessibility check and dates typed as officials type them. */
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands. */
export async function seriousViolations(page: Page) {
  // Evaluated by the debugger protocol, beside the page's own policy (which forbids inline scripts).
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

const ict = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a person types it into the console: dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export const typedTime = (at: Date): string => ict.format(at).replace(',', '');

/**
 * A person signed in through the demo sign-in page, in their own browser context (their own session): the
 * platform's own addresses only, nothing from elsewhere.
 */
export async function signedIn(
  browser: Browser,
  url: string,
  role: Role,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await page.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: new RegExp(Roles.labels[role]) }).click();
  await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
  return page;
}

/** A port nobody listens on now (the system picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
