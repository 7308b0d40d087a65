import { resilientPool } from '@chungtay/event-store';
import { postgresDatabase } from '@chungtay/messaging';
import { ReferralReadModel } from '@chungtay/referral';
import { parse, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';

const REFERRALS_USAGE =
  'usage: chungtay referrals failed [--database-url <url>] [--json]\n       chungtay referrals retry <event-id> [--database-url <url>] [--json]';

/**
 * `chungtay referrals failed`: the platform's reactions (a police notification, a plan's referrals) that
 * failed every try and were set aside, with the error; `retry <event-id>` makes one pending again once its
 * cause is fixed. Against the referral service's PostgreSQL (DATABASE_URL).
 */
export async function referralsCommand(
  args: readonly string[],
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'failed' && action !== 'retry')
    throw new UsageError(`chungtay referrals: say failed or retry\n${REFERRALS_USAGE}`);
  const eventId = action === 'retry' ? rest[0] : undefined;
  if (action === 'retry' && (!eventId || eventId.startsWith('--')))
    throw new UsageError(`chungtay referrals retry: name the event id\n${REFERRALS_USAGE}`);
  const values = parse<{ 'database-url'?: string; json?: boolean }>(
    'referrals',
    action === 'retry' ? rest.slice(1) : rest,
    { 'database-url': { type: 'string' }, json: { type: 'boolean' } },
  );
  const url = values['database-url'] ?? env.DATABASE_URL;
  if (!url) throw new UsageError(`chungtay referrals: --database-url is required\n${REFERRALS_USAGE}`);
  const pool = resilientPool({ connectionString: url, max: 1 });
  try {
    const readModel = new ReferralReadModel(postgresDatabase(pool));
    await readModel.migrate();
    if (action === 'failed') {
      const failed = await readModel.failedTriggers();
      if (values.json) io.out(`${JSON.stringify(failed)}\n`);
      else if (failed.length === 0) io.out('Không có phản ứng nào bị gác lại (no reaction set aside).\n');
      else
        for (const trigger of failed)
          io.out(
            `${trigger.eventId}  case ${trigger.caseId}  ${trigger.type}  ${trigger.attempts} tries  ${trigger.failure}\n`,
          );
      return 0;
    }
    const retried = await readModel.retryTrigger(eventId as string);
    io.out(
      values.json
        ? `${JSON.stringify({ eventId, retried })}\n`
        : retried
          ? `pending again: ${eventId}\n`
          : `no such reaction: ${eventId}\n`,
    );
    return retried ? 0 : 1;
  } finally {
    await pool.end();
  }
}
