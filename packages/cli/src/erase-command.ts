import { randomUUID } from 'node:crypto';
import { agencyOfRole, ErasureGrounds } from '@chungtay/contracts';
import { demoUsers, embeddedIssuer } from '@chungtay/embedded';
import { parse, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';

const ERASE_USAGE =
  'usage: chungtay erase --child <id> --grounds <DATA_SUBJECT_REQUEST|GUARDIAN_REQUEST|COMPETENT_AUTHORITY_DECISION> --reference <request or decision number> [--url http://127.0.0.1:4000] [--token <bearer> | --data-dir .chungtay] [--json]';

/**
 * `chungtay erase`: erases a child's personal data through the running platform's API (decision 0043), as
 * the provincial coordinator: the token given (production: one from the identity provider), or, against
 * the embedded default, one the embedded issuer in `--data-dir` mints for its demo coordinator. Reads the
 * record's revision, then sends the erasure once (an Idempotency-Key), and says what was recorded.
 */
export async function eraseCommand(
  args: readonly string[],
  io: Output,
  defaultDataDir: string,
): Promise<number> {
  const values = parse<{
    child?: string;
    grounds?: string;
    reference?: string;
    url?: string;
    token?: string;
    'data-dir'?: string;
    json?: boolean;
  }>('erase', args, {
    child: { type: 'string' },
    grounds: { type: 'string' },
    reference: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.child || !/^[0-9a-f-]{36}$/i.test(values.child))
    throw new UsageError(`chungtay erase: --child is the child record's id\n${ERASE_USAGE}`);
  const grounds = ErasureGrounds.schema.safeParse(values.grounds);
  if (!grounds.success)
    throw new UsageError(
      `chungtay erase: --grounds is one of ${ErasureGrounds.codes.join(', ')}\n${ERASE_USAGE}`,
    );
  if (!values.reference?.trim())
    throw new UsageError(
      `chungtay erase: --reference names the request or decision (its number)\n${ERASE_USAGE}`,
    );
  const base = (values.url ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
  const token =
    values.token ??
    (await (
      await embeddedIssuer(values['data-dir'] ?? defaultDataDir)
    ).mint(
      {
        ...demoUsers.provincial_coordinator,
        role: 'provincial_coordinator',
        agency: agencyOfRole.provincial_coordinator,
      },
      '10m',
    ));
  const headers = { authorization: `Bearer ${token}` };
  const record = await fetch(`${base}/children/${values.child}`, { headers });
  if (!record.ok) {
    io.err(`chungtay erase: the record could not be read (${record.status})\n`);
    return 1;
  }
  const answer = await fetch(`${base}/children/${values.child}/commands`, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'if-match': record.headers.get('etag') ?? '"0"',
      'idempotency-key': `erase-${randomUUID()}`,
    },
    body: JSON.stringify({
      type: 'EraseChildData',
      data: { erasedAt: new Date().toISOString(), grounds: grounds.data, reference: values.reference.trim() },
    }),
  });
  const body = (await answer.json()) as { events?: string[]; detail?: string };
  if (!answer.ok) {
    io.err(`chungtay erase: refused (${answer.status}): ${body.detail ?? 'no detail'}\n`);
    return 1;
  }
  io.out(
    values.json
      ? `${JSON.stringify({ childId: values.child, events: body.events ?? [] })}\n`
      : `erased the personal data of child ${values.child} (${(body.events ?? []).join(', ') || 'already erased'})\n`,
  );
  return 0;
}
