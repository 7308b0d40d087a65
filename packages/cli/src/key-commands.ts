import { indexSecretFrom } from '@chungtay/case';
import { MasterKey, migrate, postgresExecutor, rewrapSubjectKeys } from '@chungtay/event-store';
import { parse, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';

const ROTATE_USAGE =
  'usage: CHUNGTAY_MASTER_KEY=<new> CHUNGTAY_PREVIOUS_MASTER_KEYS=<old>[,<older>] CHUNGTAY_INDEX_SECRET=<pinned> chungtay rotate-master-key --database-url <url> [--json]';

/** Master keys come from the environment only: a command line is visible to every user of the machine. */
function masterKeyFrom(variable: string, value: string | undefined): MasterKey {
  if (!value) throw new UsageError(`chungtay: set ${variable}\n${ROTATE_USAGE}`);
  try {
    return MasterKey.fromBase64(value);
  } catch {
    throw new UsageError(`chungtay: ${variable} is not 32 bytes in base64`);
  }
}

/**
 * `chungtay rotate-master-key`: re-wraps every subject key held under a previous master key with the current
 * one (docs/operations.md, "Rotating the master key"). Run it once every service runs with the new key and
 * the old ones as previous. The case service's child-index secret must be pinned first (it is derived from
 * the master key when unset), or duplicate detection would lose the children registered before.
 */
export async function rotateMasterKeyCommand(
  args: readonly string[],
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const values = parse<{ 'database-url'?: string; json?: boolean }>('rotate-master-key', args, {
    'database-url': { type: 'string' },
    json: { type: 'boolean' },
  });
  const url = values['database-url'] ?? env.DATABASE_URL;
  if (!url) throw new UsageError(`chungtay rotate-master-key: --database-url is required\n${ROTATE_USAGE}`);
  const current = masterKeyFrom('CHUNGTAY_MASTER_KEY', env.CHUNGTAY_MASTER_KEY);
  const previous = (env.CHUNGTAY_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter(Boolean)
    .map((value) => masterKeyFrom('CHUNGTAY_PREVIOUS_MASTER_KEYS', value));
  if (previous.length === 0)
    throw new UsageError(`chungtay: set CHUNGTAY_PREVIOUS_MASTER_KEYS\n${ROTATE_USAGE}`);
  if (!env.CHUNGTAY_INDEX_SECRET)
    throw new UsageError(
      'chungtay rotate-master-key: pin the child-index secret first: set CHUNGTAY_INDEX_SECRET for the case service to the value `chungtay index-secret` prints with the old master key, and here too',
    );
  const executor = postgresExecutor({ connectionString: url, maxConnections: 2 });
  try {
    await migrate(executor);
    let shown = 0;
    const rewrapped = await rewrapSubjectKeys(executor, current, previous, {
      onProgress: (count) => {
        if (count - shown >= 10_000) {
          shown = count;
          io.err(`  ${count} keys re-wrapped…\n`);
        }
      },
    });
    io.out(
      values.json
        ? `${JSON.stringify({ rewrapped, masterKeyId: current.id })}\n`
        : `re-wrapped ${rewrapped} subject keys under master key ${current.id}; the previous keys can now be removed from every service\n`,
    );
    return 0;
  } finally {
    await executor.close();
  }
}

/**
 * `chungtay index-secret`: the child-index secret the case service derives from CHUNGTAY_MASTER_KEY, to pin
 * as CHUNGTAY_INDEX_SECRET before the master key is rotated. It is a secret: send it to the secret store.
 */
export async function indexSecretCommand(
  _args: readonly string[],
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  io.out(
    `${indexSecretFrom(masterKeyFrom('CHUNGTAY_MASTER_KEY', env.CHUNGTAY_MASTER_KEY)).toString('base64')}\n`,
  );
  return 0;
}
