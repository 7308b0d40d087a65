import { writeFile } from 'node:fs/promises';
import { buildYearlyReport, reportHtml, reportXlsx } from '@chungtay/report';
import { parse, STORE_OPTIONS, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';
import { openReadableStore, progress, type StoreValues } from './stores.ts';

const REPORT_USAGE =
  'usage: chungtay report --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--up-to <events>] [--as-of <instant>] [--out <report.xlsx|report.html>] [--database-url <url> | --data-dir <dir>] [--json]';

/** A date of the report's period, as midnight in Viet Nam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). */
const dayStart = (name: string, value: string | undefined): string => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`chungtay report: --${name} is a date, YYYY-MM-DD\n${REPORT_USAGE}`);
  return `${value}T00:00:00+07:00`;
};

/**
 * `chungtay report`: the plan's indicators for a period, computed from the log (all of it, or the first
 * `--up-to` events, to recompute a pinned report exactly), written as XLSX or HTML by the file's extension,
 * or printed as JSON. Deadlines are judged at the period's end or the prefix's last recorded event, or at
 * `--as-of`: never the wall clock, so the same prefix and options give the same bytes.
 */
export async function reportCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<
    StoreValues & { from?: string; to?: string; 'up-to'?: string; 'as-of'?: string; out?: string }
  >('report', args, {
    ...STORE_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    'up-to': { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  });
  const period = { from: dayStart('from', values.from), to: dayStart('to', values.to) };
  if (Date.parse(period.from) >= Date.parse(period.to))
    throw new UsageError(`chungtay report: --to must come after --from\n${REPORT_USAGE}`);
  const upTo = values['up-to'] === undefined ? undefined : Number(values['up-to']);
  if (upTo !== undefined && !(Number.isInteger(upTo) && upTo >= 0))
    throw new UsageError(`chungtay report: --up-to is a count of events\n${REPORT_USAGE}`);
  const asOf = values['as-of'] === undefined ? undefined : new Date(values['as-of']);
  if (asOf && (Number.isNaN(asOf.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(values['as-of'] as string)))
    throw new UsageError(
      `chungtay report: --as-of is an instant with its offset (2026-06-30T17:00:00+07:00)\n${REPORT_USAGE}`,
    );
  const out = values.out;
  if (out && !/\.(xlsx|html)$/.test(out))
    throw new UsageError(`chungtay report: --out ends in .xlsx or .html\n${REPORT_USAGE}`);
  const { readable: store } = await openReadableStore(values, defaultDataDir, io.err);
  try {
    const bar = progress(io.err, 'sự kiện đã đọc');
    const report = await buildYearlyReport(store, period, {
      onProgress: bar.update,
      ...(upTo === undefined ? {} : { upTo }),
      ...(asOf ? { asOf } : {}),
    }).catch((error: unknown) => {
      if (error instanceof RangeError) throw new UsageError(`chungtay report: ${error.message}`);
      throw error;
    });
    bar.done(report.pinnedTo.logSize);
    if (out) await writeFile(out, out.endsWith('.html') ? reportHtml(report) : await reportXlsx(report));
    io.out(
      values.json || !out
        ? `${JSON.stringify(report, null, 2)}\n`
        : `report for ${values.from} – ${values.to}: ${report.province.reportsReceived} reports, pinned to ${report.pinnedTo.logSize} events (root ${report.pinnedTo.root}), written to ${out}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
