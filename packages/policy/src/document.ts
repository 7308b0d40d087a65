import { agencyOfRole, type Role, Roles } from '@chungtay/contracts';
import { type CaseFacts, canSeeCase, handedOverBy, partyOf, type Reader } from './lens.ts';
import { categories, eventContent, matrix } from './matrix.ts';

const HOME = '21583';
const ELSEWHERE = '21616';
const UNIT = 'its unit';

/** A reader of each role, of a unit in the home commune (the provincial police: of no commune). */
const readerOf = (role: Role): Reader => ({
  role,
  agency: agencyOfRole[role],
  communes:
    role === 'legal_aid_officer' || role === 'provincial_coordinator' || role === 'auditor' ? [] : [HOME],
  unit: UNIT,
});

/** The situations the reach table is evaluated on, with the case's facts for a reader of that role. */
const situations: ReadonlyArray<readonly [string, (reader: Reader) => CaseFacts]> = [
  ['a case of the reader’s commune', () => facts(HOME)],
  ['a case of another commune', () => facts(ELSEWHERE)],
  ['… where the reader’s own unit is involved', (reader) => facts(ELSEWHERE, reader.agency, UNIT)],
  [
    '… where another unit of the reader’s agency is involved',
    (reader) => facts(ELSEWHERE, reader.agency, 'another unit'),
  ],
  [
    'a case of the reader’s commune, its agency involved with no unit named',
    (reader) => facts(HOME, reader.agency),
  ],
  [
    'a case of another commune, its agency involved with no unit named',
    (reader) => facts(ELSEWHERE, reader.agency),
  ],
  [
    'a case another commune asks the reader’s commune to take over (decision 0058)',
    () => ({ ...facts(ELSEWHERE), transferTo: HOME }),
  ],
];

function facts(communeCode: string, agency?: Reader['agency'], unit?: string): CaseFacts {
  const involved = agency && agency !== 'commune' ? [{ agency, unit }] : [];
  return {
    communeCode,
    involvedAgencies: ['commune', ...involved.map((party) => party.agency)],
    involvedParties: [partyOf('commune'), ...involved.map((party) => partyOf(party.agency, party.unit))],
  };
}

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
    '## Who sees a case at all',
    '',
    'Evaluated on the policy itself (`canSeeCase`), for a reader of a unit in their commune; the provincial police',
    'investigator has no commune. A case out of reach is answered as one that does not exist. Reasons: decision 0044.',
    '',
    `| situation | ${roles.join(' | ')} |`,
    `| --- | ${roles.map(() => '---').join(' | ')} |`,
    ...situations.map(
      ([name, factsFor]) =>
        `| ${name} | ${roles.map((role) => (canSeeCase(readerOf(role), factsFor(readerOf(role))) ? '✓' : '—')).join(' | ')} |`,
    ),
    `| a case the reader’s commune handed over: read as it stood when accepted (decision 0058) | ${roles.map((role) => (handedOverBy(readerOf(role), { ...facts(ELSEWHERE), formerCommunes: [HOME] }) ? '✓' : '—')).join(' | ')} |`,
    `| any case, the provincial police (no commune) | ${roles.map((role) => (role === 'police_investigator' && canSeeCase({ ...readerOf(role), communes: [] }, facts(ELSEWHERE)) ? '✓' : '—')).join(' | ')} |`,
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
