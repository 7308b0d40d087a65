import { type Browser, chromium } from 'playwright-core';

export type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium (the `chromium` package; `.ci/run` installs it): no test downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium for browser tests. The flags keep it from reaching for the network on its own
 * (updates, sync, QUIC probes), which this machine's closed network would refuse many times over.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Whether a URL is this machine's own (what a page may reach in a test that allows nothing else). */
export const isLoopback = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
};
