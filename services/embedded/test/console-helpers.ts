import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { type Role, Roles } from '@chungtay/contracts';
import { CONSOLE_CLIENT, chungtayRealm, REALM } from '@chungtay/identity';
import { type Browser, isLoopback, keycloak, keycloakAdminToken, type Page } from '@chungtay/testing';

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

/**
 * A console at this test's address, as the province would register a second site: a public client of its
 * own in the realm, made from the realm's console client with this address. Its own, so that tests running
 * side by side never write over each other's addresses. Returns its client id.
 */
export async function allowConsoleAt(consoleUrl: string): Promise<string> {
  const { url } = keycloak();
  const template = chungtayRealm().clients.find((client) => client.clientId === CONSOLE_CLIENT);
  if (!template) throw new Error('the realm has no console client');
  const clientId = `${CONSOLE_CLIENT}-${new URL(consoleUrl).port}`;
  const response = await fetch(`${url}/admin/realms/${REALM}/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await keycloakAdminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      JSON.parse(JSON.stringify({ ...template, clientId }).replaceAll('${CHUNGTAY_CONSOLE_URL}', consoleUrl)),
    ),
  });
  if (!response.ok) throw new Error(`could not register the console at Keycloak: ${response.status}`);
  return clientId;
}

/** Opens a step from the case page's list of steps, as a person does. */
export async function openStep(page: Page, consoleUrl: string, caseId: string, title: string) {
  await page.goto(`${consoleUrl}/#/cases/${caseId}`);
  await page.getByRole('heading', { name: 'Các bước có thể thực hiện' }).waitFor();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

/** Sends the open step form and expects it recorded, with no problem shown. */
export async function record(page: Page) {
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.locator('.notice[role="status"], .error-summary').first().waitFor();
  const problems = await page.locator('.error-summary').count();
  if (problems > 0) throw new Error(`the step was refused: ${await page.locator('main').innerText()}`);
}
