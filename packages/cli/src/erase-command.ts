import { randomUUID } from 'node:crypto';
import { agencyOfRole, ErasureGrounds } from '@chungtay/contracts';
import { demoUsers, embeddedIssuer } from '@chungtay/embedded';
import { parse, UsageError } from './audit-commands.ts';
import type { Output } from './cli.ts';

const ERASE_USAGE =
  'usage: chungtay erase (--child <id> | --case <id> --person <relative, reporter or suspect id>) --grounds <DATA_SUBJECT_REQUEST|GUARDIAN_REQUEST|COMPETENT_AUTHORITY_DECISION> --reference <request or decision number> [--url http://127.0.0.1:4000] [--token <bearer> | --data-dir .chungtay] [--json]';

/**
 * `chungtay erase`: erases a child's personal data, or a relative's, the reporter's or a suspect's named on a
 * case, through the running platform's API (decisions 0043, 0047), as
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
    case?: string;
    person?: string;
    grounds?: string;
    reference?: string;
    url?: string;
    token?: string;
    'data-dir'?: string;
    json?: boolean;
  }>('erase', args, {
    child: { type: 'string' },
    case: { type: 'string' },
    person: { type: 'string' },
    grounds: { type: 'string' },
    reference: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  const uuid = (value: string | undefined) => value !== undefined && /^[0-9a-f-]{36}$/i.test(value);
  const ofPerson = values.case !== undefined || values.person !== undefined;
  if (ofPerson ? !uuid(values.case) || !uuid(values.person) || values.child : !uuid(values.child))
    throw new UsageError(
      `chungtay erase: --child is the child record's id, or --case and --person name a person on a case\n${ERASE_USAGE}`,
    );
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
  // The record the erasure is recorded on: the child's own, or the case that names the person.
  const recordPath = ofPerson ? `/cases/${values.case}` : `/children/${values.child}`;
  const record = await fetch(`${base}${recordPath}`, { headers });
  if (!record.ok) {
    io.err(`chungtay erase: the record could not be read (${record.status})\n`);
    return 1;
  }
  const answer = await fetch(`${base}${recordPath}/commands`, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'if-match': record.headers.get('etag') ?? '"0"',
      'idempotency-key': `erase-${randomUUID()}`,
    },
    body: JSON.stringify({
      type: ofPerson ? 'ErasePersonData' : 'EraseChildData',
      data: {
        ...(ofPerson ? { subjectId: values.person } : {}),
        erasedAt: new Date().toISOString(),
        grounds: grounds.data,
        reference: values.reference.trim(),
      },
    }),
  });
  const body = (await answer.json()) as { events?: string[]; detail?: string };
  if (!answer.ok) {
    io.err(`chungtay erase: refused (${answer.status}): ${body.detail ?? 'no detail'}\n`);
    return 1;
  }
  const subject = ofPerson ? `person ${values.person} of case ${values.case}` : `child ${values.child}`;
  io.out(
    values.json
      ? `${JSON.stringify({ ...(ofPerson ? { caseId: values.case, subjectId: values.person } : { childId: values.child }), events: body.events ?? [] })}\n`
      : `erased the personal data of ${subject} (${(body.events ?? []).join(', ') || 'already erased'})\n`,
  );
  return 0;
}
