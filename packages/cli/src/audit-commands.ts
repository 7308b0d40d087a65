import { chmod, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AuditorKey, Checkpoint, createCheckpoint, type LogVerdict, verifyLog } from '@chungtay/audit';
import { readLog } from '@chungtay/report';
import type { Output } from './cli.ts';
import { openStore, progress, type StoreValues } from './stores.ts';

export const STORE_OPTIONS = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export class UsageError extends Error {}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export function parse<Values>(command: string, args: readonly string[], options: OptionSpec): Values {
  try {
    return parseArgs({ args: [...args], options, strict: true }).values as Values;
  } catch (error) {
    throw new UsageError(`chungtay ${command}: ${(error as Error).message}`);
  }
}

const CHECKPOINT_USAGE =
  'usage: chungtay checkpoint --key <auditor.pem> [--new-key] [--out <checkpoint.json>] [--database-url <url> | --data-dir <dir>] [--json]';
const VERIFY_USAGE =
  'usage: chungtay verify --checkpoint <checkpoint.json> --public-key <auditor.pub.pem> [--case <id> | --commune <code>] [--database-url <url> | --data-dir <dir>] [--json]';

/**
 * `chungtay checkpoint`: signs a checkpoint over the whole global log with the auditor's Ed25519 key (kept
 * outside the system; `--new-key` creates it, mode 0600, with the public half beside it).
 */
export async function checkpointCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<StoreValues & { key?: string; 'new-key'?: boolean; out?: string }>(
    'checkpoint',
    args,
    {
      ...STORE_OPTIONS,
      key: { type: 'string' },
      'new-key': { type: 'boolean' },
      out: { type: 'string' },
    },
  );
  const keyFile = values.key;
  if (!keyFile) throw new UsageError(`chungtay checkpoint: --key is required\n${CHECKPOINT_USAGE}`);
  let key: AuditorKey;
  if (values['new-key']) {
    key = AuditorKey.generate();
    await writeFile(keyFile, key.privatePem(), { mode: 0o600, flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `chungtay checkpoint: ${keyFile} exists already (${error.code}); drop --new-key to use it`,
        );
      },
    );
    await chmod(keyFile, 0o600);
    await writeFile(`${keyFile}.pub`, key.publicPem());
  } else {
    key = AuditorKey.fromPrivatePem(
      await readFile(keyFile, 'utf8').catch(() => {
        throw new UsageError(`chungtay checkpoint: cannot read the key ${keyFile}`);
      }),
    );
  }
  const store = await openStore(values, defaultDataDir);
  try {
    const checkpoint = await createCheckpoint(store, key);
    const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
    if (values.out) await writeFile(values.out, text);
    io.out(
      values.json || !values.out
        ? text
        : `checkpoint over ${checkpoint.size} events, root ${checkpoint.root}, written to ${values.out}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

const describeVerdict = (verdict: LogVerdict): string =>
  verdict.ok
    ? `OK: the log holds the ${verdict.checkpointSize} events of the checkpoint unaltered, and ${verdict.size - verdict.checkpointSize} after them; ${verdict.streamsVerified} streams' hash chains recomputed\n`
    : `FAILED (${verdict.reason}): ${verdict.detail}\n`;

/** `chungtay verify`: checks the log against a checkpoint; exit 1 when anything was altered, rewritten or removed. */
export async function verifyCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<
    StoreValues & { checkpoint?: string; 'public-key'?: string; case?: string; commune?: string }
  >('verify', args, {
    ...STORE_OPTIONS,
    checkpoint: { type: 'string' },
    'public-key': { type: 'string' },
    case: { type: 'string' },
    commune: { type: 'string' },
  });
  if (values.case !== undefined && !/^[0-9a-f-]{36}$/i.test(values.case))
    throw new UsageError(`chungtay verify: --case is a case id (a UUID)\n${VERIFY_USAGE}`);
  if (values.commune !== undefined && !/^\d{5}$/.test(values.commune))
    throw new UsageError(`chungtay verify: --commune is a 5-digit commune code\n${VERIFY_USAGE}`);
  if (!values.checkpoint || !values['public-key'])
    throw new UsageError(`chungtay verify: --checkpoint and --public-key are required\n${VERIFY_USAGE}`);
  const read = async (file: string, what: string) =>
    readFile(file, 'utf8').catch(() => {
      throw new UsageError(`chungtay verify: cannot read the ${what} ${file}`);
    });
  const parsed = Checkpoint.safeParse(JSON.parse(await read(values.checkpoint, 'checkpoint')));
  if (!parsed.success)
    throw new UsageError(
      `chungtay verify: ${values.checkpoint} is not a checkpoint (${parsed.error.issues[0]?.path.join('.')})`,
    );
  const key = AuditorKey.fromPublicPem(await read(values['public-key'], 'public key'));
  const store = await openStore(values, defaultDataDir);
  try {
    io.err(`verifying ${parsed.data.size} events against the checkpoint of ${parsed.data.createdAt}…\n`);
    // A case, or a commune's cases (found by their reports), have their chains recomputed; the root is
    // always checked over the whole log.
    let streams: Set<string> | undefined;
    if (values.case) streams = new Set([`case-${values.case.toLowerCase()}`]);
    if (values.commune) {
      const commune = values.commune;
      const found = new Set<string>();
      await readLog(store, (event) => {
        if (
          event.type === 'ReportReceived' &&
          (event.data as { incidentCommuneCode?: string }).incidentCommuneCode === commune
        )
          found.add(event.streamId);
      });
      streams = found;
    }
    const bar = progress(io.err, 'sự kiện đã đọc');
    const verdict = await verifyLog(store, parsed.data, key, {
      ...(streams ? { streams } : {}),
      onProgress: bar.update,
    });
    io.out(values.json ? `${JSON.stringify(verdict)}\n` : describeVerdict(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** Runs an audit command: usage mistakes exit 2 with their reason, a failed verification 1. */
export async function auditCommand(
  command: (args: readonly string[], io: Output, defaultDataDir: string) => Promise<number>,
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  try {
    return await command(args, io, defaultDataDir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
}
