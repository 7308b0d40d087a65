/**
 * The console in Chromium, on the embedded default with the whole Gia Lai demo (163 cases):
 *   RESULT console.load lcp_ms=… queue_ms=… js_kb_gz=… cases=…
 *     a phone on a slow link (Chromium's emulation: 4× CPU slowdown, 1.6 Mbit/s down, 150 ms round trip):
 *     the first screen's Largest Contentful Paint, then from the sign-in click to the province's work queue
 *     painted; the JavaScript the page loaded, as sent (compressed)
 *   RESULT console.case_open ms=… events=…     desktop: click on a case of 200 events → its timeline painted
 *   RESULT console.live_update p50_ms=… p99_ms=… updates=…
 *     another agency's step recorded through the API → painted on the officer's open case page
 * BENCH_SCALE=0.2 shortens the live-update run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '@chungtay/console/build';
import type { Role } from '@chungtay/contracts';
import { type Browser, launchChromium, type Page } from '@chungtay/testing';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const UPDATES = Math.max(20, Math.round(100 * scale));
const QUY_NHON = '21583';

const ROLE_LABELS: Partial<Record<Role, string>> = {
  commune_officer: 'Người làm công tác bảo vệ trẻ em cấp xã',
  provincial_coordinator: 'Điều phối viên Sở Y tế',
};

async function post(platform: EmbeddedPlatform, role: Role, path: string, body: unknown, ifMatch?: number) {
  const response = await fetch(`${platform.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${platform.tokens[role]}`,
      'content-type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { revision: number };
}

/**
 * A case of Quy Nhơn with `events` events: reported to the police (so they take part in it), then the police's
 * emergency interventions, one event each.
 */
async function caseOf(
  platform: EmbeddedPlatform,
  events: number,
): Promise<{ caseId: string; revision: number }> {
  const caseId = randomUUID();
  const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
  let { revision } = await post(platform, 'police_investigator', '/cases', {
    caseId,
    receivedAt,
    channel: 'POLICE',
    incidentCommuneCode: QUY_NHON,
    category: 'AT_RISK',
    formsOfHarm: [],
    child: { childId: randomUUID(), estimatedAge: 8, sex: 'MALE' },
    relatives: [],
    narrative: 'Trẻ thường xuyên ở nhà một mình.',
    reporter: { consentToRecordIdentity: false },
  });
  while (revision < events - 1) revision = (await intervene(platform, caseId, revision)).revision;
  return { caseId, revision };
}

/** The police record an emergency intervention: another agency's step on the officer's case. */
const intervene = (platform: EmbeddedPlatform, caseId: string, revision: number) =>
  post(
    platform,
    'police_investigator',
    `/cases/${caseId}/commands`,
    {
      type: 'RecordEmergencyIntervention',
      data: { takenAt: new Date(Date.now() - 60_000).toISOString(), actions: ['POLICE_STOPPED_HARM'] },
    },
    revision,
  );

/**
 * tsx compiles this file keeping function names (`__name(fn, "check")`), and functions handed to the page
 * carry the call: the page gets a `__name` that does nothing.
 */
async function context(browser: Browser, options: Parameters<Browser['newContext']>[0]) {
  const created = await browser.newContext(options);
  await created.addInitScript({ content: 'window.__name = (target) => target;' });
  return created;
}

async function signIn(page: Page, platform: EmbeddedPlatform, role: Role) {
  await page.goto(`${platform.url}/`);
  await page.getByRole('button', { name: new RegExp(ROLE_LABELS[role] ?? role) }).click();
  await page.getByRole('heading', { name: 'Danh sách vụ việc' }).waitFor();
}

async function load(browser: Browser, platform: EmbeddedPlatform): Promise<string> {
  const phone = await context(browser, { viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await phone.newPage();
  const cdp = await phone.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  const scripts = new Map<string, number>();
  cdp.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') scripts.set(event.requestId, 0);
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (scripts.has(event.requestId)) scripts.set(event.requestId, event.encodedDataLength);
  });
  await page.addInitScript(() => {
    const seen = window as unknown as { lcp: number };
    seen.lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(`${platform.url}/`);
  await page.locator('.users button').first().waitFor();
  // LCP is final once the person acts: read it before the click.
  const lcp = await page.evaluate(() => (window as unknown as { lcp: number }).lcp);
  const queueMs = await page.evaluate(async (label) => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('.users button')].find((candidate) =>
      candidate.textContent?.includes(label),
    );
    const started = performance.now();
    button?.click();
    await new Promise<void>((resolve) => {
      const check = () => (document.querySelectorAll('.queue .case').length > 0 ? resolve() : undefined);
      new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
      check();
    });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - started;
  }, ROLE_LABELS.provincial_coordinator as string);
  const cases = await page.locator('.queue .case').count();
  const jsBytes = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0);
  await phone.close();
  return `RESULT console.load lcp_ms=${lcp.toFixed(0)} queue_ms=${queueMs.toFixed(0)} js_kb_gz=${(jsBytes / 1024).toFixed(1)} cases=${cases}`;
}

async function caseOpen(browser: Browser, platform: EmbeddedPlatform): Promise<string> {
  const EVENTS = 200;
  const { caseId } = await caseOf(platform, EVENTS);
  const desk = await context(browser, { viewport: { width: 1280, height: 900 } });
  const page = await desk.newPage();
  await signIn(page, platform, 'commune_officer');
  const timings: number[] = [];
  for (let round = 0; round < 5; round++) {
    await page.goto(`${platform.url}/#/`);
    await page.locator(`a[href="#/cases/${caseId}"]`).waitFor();
    timings.push(
      await page.evaluate(async (id) => {
        const link = document.querySelector<HTMLAnchorElement>(`a[href="#/cases/${id}"]`);
        const started = performance.now();
        link?.click();
        await new Promise<void>((resolve) => {
          const check = () =>
            document.querySelectorAll('.timeline li').length >= 100 ? resolve() : undefined;
          new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
          check();
        });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return performance.now() - started;
      }, caseId),
    );
  }
  await desk.close();
  timings.sort((a, b) => a - b);
  return `RESULT console.case_open ms=${(timings[2] ?? 0).toFixed(0)} events=${EVENTS} rounds=${timings.length}`;
}

async function liveUpdate(browser: Browser, platform: EmbeddedPlatform): Promise<string> {
  let { caseId, revision } = await caseOf(platform, 2);
  const desk = await context(browser, { viewport: { width: 1280, height: 900 } });
  const page = await desk.newPage();
  await signIn(page, platform, 'commune_officer');
  await page.goto(`${platform.url}/#/cases/${caseId}`);
  await page.locator('.timeline li').nth(revision).waitFor();
  const latencies: number[] = [];
  for (let update = 0; update < UPDATES; update++) {
    // Watch the page first, then append: the paint is timed in the page, when the new entry is there.
    await page.evaluate((count) => {
      const seen = window as unknown as { paintedAt?: number };
      seen.paintedAt = undefined;
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('.timeline li').length <= count) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          seen.paintedAt = Date.now();
        });
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }, revision + 1);
    const started = Date.now();
    ({ revision } = await intervene(platform, caseId, revision));
    const painted = await page.waitForFunction(
      () => (window as unknown as { paintedAt?: number }).paintedAt,
      null,
      {
        polling: 10,
        timeout: 30_000,
      },
    );
    latencies.push(Number(await painted.jsonValue()) - started);
    // Keep within the page's last 100 events: a fresh case when this one is full.
    if (revision >= 98) {
      ({ caseId, revision } = await caseOf(platform, 2));
      await page.goto(`${platform.url}/#/cases/${caseId}`);
      await page.locator('.timeline li').nth(revision).waitFor();
    }
  }
  await desk.close();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return `RESULT console.live_update p50_ms=${percentile(0.5)} p99_ms=${percentile(0.99)} updates=${latencies.length}`;
}

await buildConsole();
const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-bench-'));
const platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0 });
const browser = await launchChromium();
try {
  process.stdout.write(`${await load(browser, platform)}\n`);
  process.stdout.write(`${await caseOpen(browser, platform)}\n`);
  process.stdout.write(`${await liveUpdate(browser, platform)}\n`);
} finally {
  await browser.close();
  await platform.stop();
  await rm(dataDir, { recursive: true, force: true });
}
