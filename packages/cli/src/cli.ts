import { parseArgs } from 'node:util';
import { agencyOfRole, type Role, Roles } from '@chungtay/contracts';
import { demoUsers, embeddedIssuer } from '@chungtay/embedded';
import { auditCommand, checkpointCommand, verifyCommand } from './audit-commands.ts';
import { eraseCommand } from './erase-command.ts';
import {
  complianceCommand,
  exportCommand,
  replayCommand,
  verifyExportCommand,
} from './inspection-commands.ts';
import { indexSecretCommand, rotateMasterKeyCommand } from './key-commands.ts';
import { referralsCommand } from './referral-commands.ts';
import { reportCommand } from './report-command.ts';
import { usersCommand } from './users-command.ts';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `usage: chungtay token --role <role> [--commune <code>]... [--sub <id>] [--ttl 12h] [--data-dir .chungtay] [--json]
       chungtay checkpoint --key <auditor.pem> [--new-key] [--out <file>] [--database-url <url> | --data-dir <dir>] [--json]
       chungtay verify --checkpoint <file> --public-key <auditor.pem.pub> [--case <id> | --commune <code>] [--database-url <url> | --data-dir <dir>] [--json]
       chungtay replay [--case <id> [--as-of-revision <n>]] [--readers <threads>] [--database-url <url> | --data-dir <dir>] [--json]
       chungtay compliance [--case <id> | --commune <code>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--database-url <url> | --data-dir <dir>] [--json]
       chungtay export --case <id> --out <folder> (--key <auditor.pem> | --checkpoint <file>) [--database-url <url> | --data-dir <dir>] [--json]
       chungtay verify-export <folder> --public-key <auditor.pem.pub> [--json]
       chungtay report --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--up-to <events>] [--as-of <instant>] [--out <file.xlsx|file.html>] [--database-url <url> | --data-dir <dir>] [--json]
       chungtay rotate-master-key --database-url <url> [--json]   (keys from CHUNGTAY_MASTER_KEY, CHUNGTAY_PREVIOUS_MASTER_KEYS)
       chungtay erase (--child <id> | --case <id> --person <id>) --grounds <code> --reference <number> [--url <platform>] [--token <bearer> | --data-dir <dir>] [--json]
       chungtay referrals failed | retry <event-id> [--database-url <url>] [--json]   (reactions set aside after failing)
       chungtay index-secret   (the child-index secret derived from CHUNGTAY_MASTER_KEY, to pin before a rotation)
       chungtay users add|import|move|disable ...   (the staff's accounts in Keycloak: chungtay users for more)
roles: ${Roles.codes.join(', ')}`;

/**
 * `chungtay token`: mints a token for a demo user of any role, signed by the embedded default's issuer (the key
 * in the data folder), so it works against `pnpm start`. Returns the exit code.
 */
export async function run(argv: readonly string[], io: Output, defaultDataDir: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'checkpoint') return auditCommand(checkpointCommand, rest, io, defaultDataDir);
  if (command === 'verify') return auditCommand(verifyCommand, rest, io, defaultDataDir);
  if (command === 'report') return auditCommand(reportCommand, rest, io, defaultDataDir);
  if (command === 'replay') return auditCommand(replayCommand, rest, io, defaultDataDir);
  if (command === 'compliance') return auditCommand(complianceCommand, rest, io, defaultDataDir);
  if (command === 'export') return auditCommand(exportCommand, rest, io, defaultDataDir);
  if (command === 'verify-export')
    return auditCommand((args, output) => verifyExportCommand(args, output), rest, io, defaultDataDir);
  if (command === 'rotate-master-key')
    return auditCommand((args, output) => rotateMasterKeyCommand(args, output), rest, io, defaultDataDir);
  if (command === 'erase') return auditCommand(eraseCommand, rest, io, defaultDataDir);
  if (command === 'referrals')
    return auditCommand((args) => referralsCommand(args, io), rest, io, defaultDataDir);
  if (command === 'users') return auditCommand((args) => usersCommand(args, io), rest, io, defaultDataDir);
  if (command === 'index-secret')
    return auditCommand((args, output) => indexSecretCommand(args, output), rest, io, defaultDataDir);
  if (command !== 'token') {
    io.err(`chungtay: unknown command ${command ?? '(none)'}\n${USAGE}\n`);
    return 2;
  }
  let values: {
    role?: string;
    commune?: string[];
    sub?: string;
    ttl?: string;
    'data-dir'?: string;
    json?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        role: { type: 'string' },
        commune: { type: 'string', multiple: true },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`chungtay token: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const role = values.role as Role | undefined;
  if (!role || !Roles.codes.includes(role)) {
    io.err(`chungtay token: --role must be one of ${Roles.codes.join(', ')}\n`);
    return 2;
  }
  const communes = values.commune ?? demoUsers[role].communes;
  const bad = communes.find((code) => !/^\d{5}$/.test(code));
  if (bad) {
    io.err(`chungtay token: --commune takes a 5-digit commune code, not "${bad}"\n`);
    return 2;
  }
  const issuer = await embeddedIssuer(values['data-dir'] ?? defaultDataDir);
  const user = demoUsers[role];
  const claims = {
    sub: values.sub ?? user.sub,
    agency: agencyOfRole[role],
    role,
    communes,
    ...(user.unit ? { unit: user.unit } : {}),
  };
  const token = await issuer.mint(claims, values.ttl ?? '12h');
  io.out(values.json ? `${JSON.stringify({ token, claims })}\n` : `${token}\n`);
  return 0;
}
