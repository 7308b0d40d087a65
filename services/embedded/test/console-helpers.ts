import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from '@chungtay/testing';

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
