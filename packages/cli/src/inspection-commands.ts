import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuditorKey,
  Checkpoint,
  createCheckpoint,
  exportCase,
  inspectionHtml,
  verifyBundle,
} from '@chungtay/audit';
import { WorkingCalendar } from '@chungtay/calendar';
import { deadlinesOf, defaultDeadlinePolicy, lateByHours } from '@chungtay/case';
import type { CaseEvent } from '@chungtay/contracts';
import { evolveReferrals, initialReferralsState } from '@chungtay/referral';
import { complianceOf, label, replayAll } from '@chungtay/report';
import { parse, STORE_OPTIONS, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';
import { openReadableStore, openStore, progress, type StoreValues } from './stores.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const caseIdOf = (command: string, value: string | undefined, required: boolean): string | undefined => {
  if (value === undefined && !required) return undefined;
  if (!value || !UUID.test(value)) throw new UsageError(`chungtay ${command}: --case is a case id (a UUID)`);
  return value.toLowerCase();
};
const dayStart = (command: string, name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`chungtay ${command}: --${name} is a date, YYYY-MM-DD`);
  return `${value}T00:00:00+07:00`;
};

/**
 * `chungtay replay`: one case folded by the services' own evolve, as it stood at a revision (`--as-of-revision`)
 * or now, with its deadlines judged at that moment; or, without `--case`, every case of the log.
 */
export async function replayCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<StoreValues & { case?: string; 'as-of-revision'?: string; readers?: string }>(
    'replay',
    args,
    {
      ...STORE_OPTIONS,
      case: { type: 'string' },
      'as-of-revision': { type: 'string' },
      readers: { type: 'string' },
    },
  );
  const caseId = caseIdOf('replay', values.case, false);
  const asOf = values['as-of-revision'] === undefined ? undefined : Number(values['as-of-revision']);
  if (asOf !== undefined && !(Number.isInteger(asOf) && asOf >= 0))
    throw new UsageError('chungtay replay: --as-of-revision is a revision (0, 1, …)');
  const threads = values.readers === undefined ? undefined : Number(values.readers);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64))
    throw new UsageError('chungtay replay: --readers is a number of reader threads, 0 to 64');
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const { stored, readable: store } = await openReadableStore(values, defaultDataDir, io.err);
  try {
    if (!caseId) {
      const bar = progress(io.err, 'sự kiện đã đọc');
      // A case's status depends on no personal field: the events are replayed as stored, as the reader
      // threads read them. Those need a server to connect to; the embedded PGlite is read by this thread.
      const replayed = await replayAll(stored, {
        onProgress: bar.update,
        ...(databaseUrl ? { readers: { databaseUrl, ...(threads === undefined ? {} : { threads }) } } : {}),
      });
      bar.done(replayed.events);
      const rate = Math.round(replayed.events / Math.max(replayed.ms / 1000, 0.001));
      io.out(
        values.json
          ? `${JSON.stringify({ ...replayed, eventsPerSecond: rate })}\n`
          : `replayed ${replayed.events} events, ${replayed.cases} cases in ${replayed.ms} ms (${rate} events/s, ${replayed.readers.length} readers)\n${Object.entries(
              replayed.byStatus,
            )
              .map(([status, count]) => `  ${status.padEnd(20)} ${count}`)
              .join('\n')}\n`,
      );
      return 0;
    }
    const events = await store.readStream(`case-${caseId}`).catch(() => []);
    const upTo = events.filter((event) => asOf === undefined || event.revision <= asOf);
    if (upTo.length === 0) {
      io.err(`chungtay replay: no case ${caseId}${asOf === undefined ? '' : ` at revision ${asOf}`}\n`);
      return 1;
    }
    const state = upTo.reduce(
      (folded, event) =>
        evolveReferrals(folded, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor),
      initialReferralsState(),
    );
    const at = asOf === undefined ? new Date() : (upTo.at(-1)?.recordedAt as Date);
    const deadlines = deadlinesOf(state.caseState, at, defaultDeadlinePolicy, WorkingCalendar.default());
    const view = {
      caseId,
      revision: (upTo.at(-1)?.revision as number) ?? 0,
      asOf: at.toISOString(),
      status: state.caseState.status,
      communeCode: state.caseState.communeCode,
      events: upTo.map((event) => ({
        revision: event.revision,
        type: event.type,
        recordedAt: event.recordedAt,
      })),
      deadlines: deadlines.map((deadline) => ({ ...deadline, lateByHours: lateByHours(deadline, at) })),
      referrals: Object.values(state.referrals),
    };
    io.out(
      values.json
        ? `${JSON.stringify(view, null, 2)}\n`
        : `case ${caseId} at revision ${view.revision} (${view.asOf}): ${view.status}, ${label.commune(view.communeCode ?? '')}\n${view.deadlines
            .map(
              (deadline) =>
                `  ${label.deadline(deadline.kind).padEnd(58)} ${deadline.status.padEnd(9)} due ${deadline.dueAt}${deadline.lateByHours ? `, ${deadline.lateByHours} h late` : ''}`,
            )
            .join('\n')}\n${view.referrals
            .map(
              (referral) =>
                `  referral to ${label.agency(referral.toAgency)}: ${label.referralStatus(referral.status)}`,
            )
            .join('\n')}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** `chungtay compliance`: every deadline met, met late or missed, unanswered referrals, follow-up, viewers. */
export async function complianceCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<StoreValues & { case?: string; commune?: string; from?: string; to?: string }>(
    'compliance',
    args,
    {
      ...STORE_OPTIONS,
      case: { type: 'string' },
      commune: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  );
  if (values.commune !== undefined && !/^\d{5}$/.test(values.commune))
    throw new UsageError('chungtay compliance: --commune is a 5-digit commune code');
  const caseId = caseIdOf('compliance', values.case, false);
  const from = dayStart('compliance', 'from', values.from);
  const to = dayStart('compliance', 'to', values.to);
  const store = await openStore(values, defaultDataDir);
  try {
    const bar = progress(io.err, 'sự kiện đã đọc');
    const report = await complianceOf(
      store,
      {
        ...(caseId ? { caseId } : {}),
        ...(values.commune ? { communeCode: values.commune } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
      { onProgress: bar.update },
    );
    bar.done(report.logSize);
    if (values.json) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const { totals } = report;
    io.out(
      `${totals.cases} cases: deadlines met ${totals.met}, met late ${totals.metLate}, recorded after the miss ${totals.recordedLate}, overdue ${totals.overdue}; ${totals.unansweredReferrals} referrals unanswered; ${totals.withoutFollowUp} open cases without follow-up\n`,
    );
    for (const line of report.lines) {
      const late = line.deadlines.filter((deadline) => deadline.lateByHours !== null);
      io.out(
        `${line.caseId} ${label.commune(line.communeCode ?? '')} ${line.status}${line.withoutFollowUp ? ' (no follow-up)' : ''}; viewed ${line.viewings.length}×\n${late
          .map(
            (deadline) =>
              `  ${label.deadline(deadline.kind)}: ${deadline.status}, ${deadline.lateByHours} h\n`,
          )
          .join('')}${line.unansweredReferrals
          .map(
            (referral) =>
              `  unanswered referral to ${label.agency(referral.toAgency)} due ${referral.dueAt}\n`,
          )
          .join('')}`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `chungtay export`: a case's inspection bundle in a folder — `bundle.json` (the stream as stored, a signed
 * checkpoint, an inclusion proof per event) and `index.html` (the readable page in Vietnamese).
 */
export async function exportCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<StoreValues & { case?: string; out?: string; key?: string; checkpoint?: string }>(
    'export',
    args,
    {
      ...STORE_OPTIONS,
      case: { type: 'string' },
      out: { type: 'string' },
      key: { type: 'string' },
      checkpoint: { type: 'string' },
    },
  );
  const caseId = caseIdOf('export', values.case, true) as string;
  if (!values.out) throw new UsageError('chungtay export: --out <folder> is required');
  if (!values.key === !values.checkpoint)
    throw new UsageError(
      'chungtay export: give --key <auditor.pem> (sign a checkpoint now) or --checkpoint <file> (one signed before)',
    );
  const { stored, readable } = await openReadableStore(values, defaultDataDir, io.err);
  try {
    const checkpoint = values.key
      ? await createCheckpoint(stored, AuditorKey.fromPrivatePem(await readFile(values.key, 'utf8')))
      : Checkpoint.parse(JSON.parse(await readFile(values.checkpoint as string, 'utf8')));
    const bar = progress(io.err, 'sự kiện đã đọc');
    const bundle = await exportCase(stored, caseId, checkpoint, {
      ...(readable === stored ? {} : { readable }),
      onProgress: bar.update,
    });
    bar.done(checkpoint.size);
    if (bundle.events.length === 0) {
      io.err(`chungtay export: no event of case ${caseId} in the checkpoint\n`);
      return 1;
    }
    await mkdir(values.out, { recursive: true });
    await writeFile(join(values.out, 'bundle.json'), `${JSON.stringify(bundle, null, 1)}\n`);
    await writeFile(join(values.out, 'index.html'), inspectionHtml(bundle));
    io.out(
      values.json
        ? `${JSON.stringify({ caseId, events: bundle.events.length, checkpointSize: checkpoint.size, out: values.out })}\n`
        : `exported ${bundle.events.length} events of case ${caseId} with their proofs to ${values.out}\n`,
    );
    return 0;
  } finally {
    await readable.close();
  }
}

/** `chungtay verify-export`: checks a bundle offline with the auditor's public key; exit 1 when it fails. */
export async function verifyExportCommand(args: readonly string[], io: Output): Promise<number> {
  const [where, ...rest] = args;
  const values = parse<{ 'public-key'?: string; json?: boolean }>('verify-export', rest, {
    'public-key': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!where || !values['public-key'])
    throw new UsageError(
      'usage: chungtay verify-export <folder or bundle.json> --public-key <auditor.pem.pub> [--json]',
    );
  const file = where.endsWith('.json') ? where : join(where, 'bundle.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`chungtay verify-export: cannot read ${file}`);
  });
  const key = AuditorKey.fromPublicPem(await readFile(values['public-key'], 'utf8'));
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    bundle = undefined;
  }
  const verdict = verifyBundle(bundle, key);
  io.out(
    values.json
      ? `${JSON.stringify(verdict)}\n`
      : verdict.ok
        ? `OK: ${verdict.events} events, each in the log of the checkpoint (${verdict.checkpointSize} events), unaltered\n`
        : `FAILED: ${verdict.reason}${verdict.eventId ? ` (event ${verdict.eventId})` : ''}\n`,
  );
  return verdict.ok ? 0 : 1;
}
