import { CaseEnvironment } from '@chungtay/case';
import { GatewayEnvironment } from '@chungtay/gateway';
import { agencyEnvironment, agencyPorts, ReferralEnvironment } from '@chungtay/referral';
import { RelayConfig } from '@chungtay/relay';
import type { z } from 'zod';
import type { TopologyService } from './topology.ts';

/** Each process of the topology and the environment it reads (its zod schema: the one source). */
export const environments: ReadonlyArray<readonly [TopologyService, z.ZodObject]> = [
  ['case', CaseEnvironment],
  ['relay', RelayConfig],
  ['referral', ReferralEnvironment],
  ['legal-aid', agencyEnvironment(agencyPorts['legal-aid'])],
  ['medical', agencyEnvironment(agencyPorts.medical)],
  ['school-safety', agencyEnvironment(agencyPorts['school-safety'])],
  ['gateway', GatewayEnvironment],
];

const cell = (text: string) => text.replaceAll('|', '\\|');

/** What a variable needs: required, optional, or its default (read by parsing nothing). */
function requirement(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return 'required';
  return parsed.data === undefined ? 'optional' : `default \`${String(parsed.data) || '(empty)'}\``;
}

/** `docs/reference/configuration.md`: every variable of every process, generated from the schemas. */
export function configurationReference(): string {
  const variables = new Map<string, Array<{ service: string; schema: z.ZodType }>>();
  for (const [service, environment] of environments)
    for (const [name, schema] of Object.entries(environment.shape))
      variables.set(name, [...(variables.get(name) ?? []), { service, schema: schema as z.ZodType }]);
  const lines = [
    '# Configuration reference',
    '',
    'Generated from the services’ environment schemas by `pnpm --filter @chungtay/topology docs`; a test fails',
    'when this page and the code differ. Every process reads only its environment; a missing or malformed',
    'variable stops it at start (exit code 2) with the variable’s name, never its value.',
    '',
    '| variable | what | needs | read by |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, uses] of [...variables.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // One row per distinct meaning: the same variable may be required by one service and optional in another.
    const rows = new Map<string, string[]>();
    for (const { service, schema } of uses) {
      const key = `${schema.description ?? ''}|${requirement(schema)}`;
      rows.set(key, [...(rows.get(key) ?? []), service]);
    }
    for (const [key, services] of rows) {
      const [description, needs] = key.split(/\|(?=[^|]*$)/);
      lines.push(`| \`${name}\` | ${cell(description ?? '')} | ${needs} | ${services.join(', ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
