import { Roles } from '@chungtay/contracts';
import { categories, eventContent, matrix } from './matrix.ts';

const symbol = { visible: 'V', redacted: 'R', masked: 'M', own: 'own V, rest R', hidden: '—' } as const;

/** docs/access-matrix.md, generated from the policy so that it cannot drift. */
export function accessMatrixDocument(): string {
  const roles = Roles.codes;
  const lines = [
    '# Access matrix',
    '',
    'Generated from `packages/policy` (`pnpm --filter @chungtay/policy generate`); a test fails when it drifts.',
    'V visible · R redacted (that it happened, when, by which agency; not what) · M masked (personal data, unless the',
    'auditor gives a reason to unmask, which is recorded) · — hidden (not even that it exists). Reasons: docs/decisions/0018.',
    '',
    `| content | ${roles.join(' | ')} |`,
    `| --- | ${roles.map(() => '---').join(' | ')} |`,
    ...categories.map(
      (category) => `| ${category} | ${roles.map((role) => symbol[matrix[category][role]]).join(' | ')} |`,
    ),
    '',
    '## Which content each event and field is',
    '',
    'An event type or a field not listed here is hidden from every role (default deny).',
    '',
    '| event | the event itself | fields by content |',
    '| --- | --- | --- |',
  ];
  for (const [type, content] of Object.entries(eventContent)) {
    if (!content) continue;
    const byCategory = new Map<string, string[]>();
    for (const [field, category] of Object.entries(content.fields)) {
      byCategory.set(category, [...(byCategory.get(category) ?? []), field]);
    }
    const fields = [...byCategory]
      .map(([category, names]) => `${category}: ${names.map((n) => `\`${n}\``).join(', ')}`)
      .join('<br>');
    lines.push(`| \`${type}\` | ${content.event} | ${fields} |`);
  }
  return `${lines.join('\n')}\n`;
}
