import { readFile } from 'node:fs/promises';
import { caseEventDefinitions, type Role, Roles } from '@chungtay/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accessMatrixDocument,
  accessTo,
  canSeeCase,
  concerns,
  eventContent,
  handedOverBy,
  lens,
  MASKED,
  matrix,
  REDACTED,
  type Reader,
} from '../src/index.ts';

const roles = Roles.codes;
const sentinel = (field: string) => `SENTINEL:${field}`;
const sample = (type: string) =>
  Object.fromEntries(
    [...Object.keys(eventContent[type as keyof typeof eventContent]?.fields ?? {}), 'unlistedField'].map(
      (field) => [field, sentinel(field)],
    ),
  );

describe('the access matrix', () => {
  it('docs/access-matrix.md matches the policy (run `pnpm --filter @chungtay/policy generate`)', async () => {
    const committed = await readFile(new URL('../../../docs/access-matrix.md', import.meta.url), 'utf8');
    expect(committed).toBe(accessMatrixDocument());
  });

  it('names every case event type of the contracts, so none is invisible by mistake', () => {
    expect(Object.keys(caseEventDefinitions).filter((type) => !(type in eventContent))).toEqual([]);
  });

  it('names only fields the contracts define', () => {
    for (const [type, content] of Object.entries(eventContent)) {
      const shape = (
        caseEventDefinitions[type as keyof typeof caseEventDefinitions].schema as unknown as { shape: object }
      ).shape;
      expect(
        Object.keys(content?.fields ?? {}).filter((field) => !(field in shape)),
        type,
      ).toEqual([]);
    }
  });

  // Every role × event type × field, generated from the matrix and the contracts.
  for (const role of roles) {
    for (const [type, content] of Object.entries(eventContent)) {
      if (!content) continue;
      it(`${role} reads ${type} as the matrix says`, () => {
        const seen = lens(role, { type, data: sample(type) });
        const eventAccess = accessTo(role, content.event);
        if (eventAccess === 'hidden') return expect(seen).toBeUndefined();
        if (eventAccess === 'redacted') return expect(seen).toEqual({ visibility: 'redacted', type });
        expect(seen?.visibility).toBe('visible');
        const data = seen?.visibility === 'visible' ? seen.data : {};
        for (const [field, category] of Object.entries(content.fields)) {
          const access = accessTo(role, category);
          const expected = {
            visible: sentinel(field),
            redacted: REDACTED,
            masked: MASKED,
            hidden: undefined,
          }[access];
          expect(data[field], `${field} (${category})`).toEqual(expected);
        }
        expect(data).not.toHaveProperty('unlistedField');
      });
    }
  }
});

describe('rules the lenses must keep (issue 6)', () => {
  const fieldsOf = (role: Role, type: string, data: Record<string, unknown>) => {
    const seen = lens(role, { type, data });
    return seen?.visibility === 'visible' ? seen.data : {};
  };

  it('an unknown event type is hidden from everyone (default deny), including names of object members', () => {
    for (const role of roles) {
      for (const type of ['SomethingNew', 'toString', '__proto__', 'constructor'])
        expect(lens(role, { type, data: { x: 1 } })).toBeUndefined();
    }
    const seen = lens('commune_officer', {
      type: 'ReportForwardedToCommune',
      data: { toString: 'x', constructor: 'y', toCommuneCode: '21583' },
    });
    expect(seen).toEqual({
      visibility: 'visible',
      type: 'ReportForwardedToCommune',
      data: { toCommuneCode: '21583' },
    });
  });

  it('the school never sees findings, police statements or the reporter', () => {
    expect(
      JSON.stringify(
        lens('school_safety_officer', {
          type: 'InitialAssessmentCompleted',
          data: sample('InitialAssessmentCompleted'),
        }),
      ),
    ).not.toContain('SENTINEL:findings');
    expect(
      lens('school_safety_officer', { type: 'StatementRecorded', data: sample('StatementRecorded') }),
    ).toBeUndefined();
    expect(fieldsOf('school_safety_officer', 'ReportReceived', sample('ReportReceived'))).not.toHaveProperty(
      'reporter',
    );
  });

  it('only the commune officer and chair and the police see the reporter; the auditor sees it masked until unmasking', () => {
    const seeing = roles.filter(
      (role) => fieldsOf(role, 'ReportReceived', sample('ReportReceived')).reporter === sentinel('reporter'),
    );
    expect(seeing.sort()).toEqual(['commune_chair', 'commune_officer', 'police_investigator']);
    expect(fieldsOf('auditor', 'ReportReceived', sample('ReportReceived')).reporter).toEqual(MASKED);
    const unmasked = lens(
      'auditor',
      { type: 'ReportReceived', data: sample('ReportReceived') },
      { unmasked: true },
    );
    expect(unmasked?.visibility === 'visible' && unmasked.data.reporter).toBe(sentinel('reporter'));
  });

  it('a hotline operator reads no case', () => {
    const reader: Reader = { role: 'hotline_operator', agency: 'hotline', communes: ['21583'] };
    expect(
      canSeeCase(reader, {
        communeCode: '21583',
        involvedAgencies: ['hotline', 'commune'],
        involvedParties: ['hotline/Tổng đài 111', 'commune/'],
      }),
    ).toBe(false);
    for (const type of Object.keys(eventContent))
      expect(lens('hotline_operator', { type, data: sample(type) })).toBeUndefined();
  });

  it('the school sees its own tasks and only that the rest exists', () => {
    const plan = sample('SupportPlanDrafted');
    expect(lens('school_safety_officer', { type: 'SupportPlanDrafted', data: plan })).toEqual({
      visibility: 'redacted',
      type: 'SupportPlanDrafted',
    });
    expect(
      lens('school_safety_officer', { type: 'SupportPlanDrafted', data: plan }, { concernsReader: true })
        ?.visibility,
    ).toBe('visible');
  });

  it('in a plan that concerns it, the school reads its own task, not the hospital’s', () => {
    const tasks = [
      { taskId: 'a', responsibleAgency: 'health', description: 'khám' },
      { taskId: 'b', responsibleAgency: 'education', description: 'học tập' },
    ];
    const school: Reader = { role: 'school_safety_officer', agency: 'education', communes: ['21583'] };
    const seen = (reader?: Reader) =>
      lens(
        'school_safety_officer',
        { type: 'SupportPlanDrafted', data: { planId: 'p', tasks } },
        { concernsReader: true, ...(reader ? { reader } : {}) },
      );
    expect(seen(school)).toMatchObject({ data: { tasks: [tasks[1]] } });
    // The rest of the plan is redacted for it: the summary says what the plan holds for the family
    // (issue 16, item 4).
    const withSummary = lens(
      'school_safety_officer',
      {
        type: 'SupportPlanDrafted',
        data: { planId: 'p', tasks, summary: '… y tế, pháp lý, giáo dục và tư vấn gia đình' },
      },
      { concernsReader: true, reader: school },
    );
    expect(withSummary).toMatchObject({
      data: { planId: 'p', tasks: [tasks[1]], summary: { $redacted: true } },
    });
    expect(JSON.stringify(withSummary)).not.toContain('tư vấn');
    const returned = lens(
      'school_safety_officer',
      { type: 'SupportPlanReturned', data: { planId: 'p', reason: 'Thiếu tư vấn gia đình' } },
      { concernsReader: true },
    );
    expect(returned).toMatchObject({ data: { reason: { $redacted: true } } });
    expect(seen()).toMatchObject({ data: { tasks: [] } });
    // A role that sees the plan outright reads every task.
    expect(lens('commune_officer', { type: 'SupportPlanDrafted', data: { tasks } })).toMatchObject({
      data: { tasks },
    });
  });
});

describe('who sees a case at all', () => {
  const QUY_NHON = '21583';
  const reader = (role: Role, agency: Reader['agency'], communes: string[] = [], unit?: string): Reader => ({
    role,
    agency,
    communes,
    ...(unit ? { unit } : {}),
  });
  /** A case of Quy Nhơn that these parties (agency/unit) take part in. */
  const involving = (...parties: string[]) => ({
    communeCode: QUY_NHON,
    involvedAgencies: [
      ...new Set(['commune', ...parties.map((party) => party.split('/')[0])]),
    ] as Reader['agency'][],
    involvedParties: ['commune/', ...parties],
  });
  const station = reader('health_worker', 'health', [QUY_NHON], 'Trạm y tế phường Quy Nhơn');
  const school = reader('school_safety_officer', 'education', [QUY_NHON], 'Trường THCS Quy Nhơn');

  it('commune staff see their commune’s cases, never another commune’s', () => {
    expect(canSeeCase(reader('commune_officer', 'commune', [QUY_NHON]), involving())).toBe(true);
    expect(canSeeCase(reader('commune_chair', 'commune', ['23575']), involving())).toBe(false);
  });

  it('a commune asked to take a case over sees it until it answers; one that handed it over reads it as it stood (decision 0058)', () => {
    const PLEIKU = '23575';
    const pleikuOfficer = reader('commune_officer', 'commune', [PLEIKU]);
    const quyNhonChair = reader('commune_chair', 'commune', [QUY_NHON]);
    const offered = { ...involving(), transferTo: PLEIKU };
    expect(canSeeCase(pleikuOfficer, offered)).toBe(true);
    expect(canSeeCase(pleikuOfficer, involving())).toBe(false);
    // Pleiku's police, health station and school learn of it only once it is Pleiku's.
    expect(
      canSeeCase(reader('police_investigator', 'police', [PLEIKU], 'Công an phường Pleiku'), offered),
    ).toBe(false);
    const moved = { ...involving(), communeCode: PLEIKU, formerCommunes: [QUY_NHON] };
    expect(canSeeCase(quyNhonChair, moved)).toBe(false);
    expect(handedOverBy(quyNhonChair, moved)).toBe(true);
    expect(handedOverBy(pleikuOfficer, moved)).toBe(false);
    // Only the commune's officials read a handed-over case; its police keep what their own unit's part gives.
    expect(handedOverBy(reader('police_investigator', 'police', [QUY_NHON]), moved)).toBe(false);
    expect(handedOverBy(reader('commune_officer', 'commune', ['23701']), moved)).toBe(false);
  });

  it('health and schools see a case only once their own unit is involved, not another unit of the agency', () => {
    expect(canSeeCase(station, involving())).toBe(false);
    expect(canSeeCase(station, involving('health/Trạm y tế phường Quy Nhơn'))).toBe(true);
    expect(canSeeCase(station, involving('health/Bệnh viện Đa khoa tỉnh Gia Lai'))).toBe(false);
    expect(canSeeCase(school, involving('education/Trường THCS Quy Nhơn'))).toBe(true);
    expect(canSeeCase(school, involving('education/Trường Tiểu học Pleiku'))).toBe(false);
    // The probe's case: in another commune, another school and health station referred.
    const elsewhere = { ...involving('education/Trường THCS Ia Grai', 'health/Trạm y tế xã Ia Grai') };
    expect(canSeeCase(school, { ...elsewhere, communeCode: '21616' })).toBe(false);
    expect(canSeeCase(station, { ...elsewhere, communeCode: '21616' })).toBe(false);
  });

  it('work addressed to an agency with no unit goes to its units serving the case’s commune', () => {
    expect(canSeeCase(station, involving('health/'))).toBe(true);
    expect(canSeeCase(school, involving('education/'))).toBe(true);
    expect(canSeeCase(station, { ...involving('health/'), communeCode: '21616' })).toBe(false);
    // A hospital serves the province, not a commune: unaddressed work is the commune's station's.
    const hospital = reader('health_worker', 'health', [], 'Bệnh viện Đa khoa tỉnh Gia Lai');
    expect(canSeeCase(hospital, involving('health/'))).toBe(false);
    expect(canSeeCase(hospital, involving('health/Bệnh viện Đa khoa tỉnh Gia Lai'))).toBe(true);
  });

  it('the state legal-aid centre acts for the whole province: any case legal aid is involved in', () => {
    const lawyer = reader(
      'legal_aid_officer',
      'legal_aid',
      [],
      'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Gia Lai',
    );
    expect(canSeeCase(lawyer, involving())).toBe(false);
    expect(canSeeCase(lawyer, { ...involving('legal_aid/Chi nhánh số 2'), communeCode: '21616' })).toBe(true);
    expect(canSeeCase(lawyer, { ...involving('legal_aid/'), communeCode: '21616' })).toBe(true);
  });

  it('commune police see their communes’ cases and their own unit’s; the provincial police, the province and auditors see all', () => {
    const commune = reader('police_investigator', 'police', ['23575'], 'Công an phường Pleiku');
    expect(canSeeCase(commune, involving())).toBe(false);
    expect(canSeeCase(commune, involving('police/Công an phường Pleiku'))).toBe(true);
    expect(canSeeCase(commune, involving('police/Công an phường Quy Nhơn'))).toBe(false);
    expect(canSeeCase(commune, { ...involving(), communeCode: '23575' })).toBe(true);
    expect(canSeeCase(reader('police_investigator', 'police'), involving())).toBe(true);
    expect(canSeeCase(reader('provincial_coordinator', 'provincial'), involving())).toBe(true);
    expect(canSeeCase(reader('auditor', 'inspectorate'), involving())).toBe(true);
  });

  it('own work is the unit’s: another station’s referral or task is not the reader’s', () => {
    expect(concerns(station, 'health', 'Trạm y tế phường Quy Nhơn')).toBe(true);
    expect(concerns(station, 'health', 'Bệnh viện Đa khoa tỉnh Gia Lai')).toBe(false);
    expect(concerns(station, 'health', undefined)).toBe(true);
    expect(concerns(station, 'education', undefined)).toBe(false);
    const tasks = [
      { taskId: 'a', responsibleAgency: 'health', responsibleUnit: 'Bệnh viện Đa khoa tỉnh Gia Lai' },
      { taskId: 'b', responsibleAgency: 'health', responsibleUnit: 'Trạm y tế phường Quy Nhơn' },
      { taskId: 'c', responsibleAgency: 'health' },
    ];
    expect(
      lens('health_worker', { type: 'SupportPlanDrafted', data: { tasks } }, { reader: station }),
    ).toMatchObject({ data: { tasks } });
    const school = reader('school_safety_officer', 'education', [QUY_NHON], 'Trường THCS Quy Nhơn');
    const schoolTasks = [
      { taskId: 'a', responsibleAgency: 'education', responsibleUnit: 'Trường Tiểu học Pleiku' },
      { taskId: 'b', responsibleAgency: 'education', responsibleUnit: 'Trường THCS Quy Nhơn' },
    ];
    expect(
      lens(
        'school_safety_officer',
        { type: 'SupportPlanDrafted', data: { tasks: schoolTasks } },
        { concernsReader: true, reader: school },
      ),
    ).toMatchObject({ data: { tasks: [schoolTasks[1]] } });
  });
});

describe('no lens ever leaks what it hides (property)', () => {
  it('random events, random fields and random roles: values not visible never appear', () => {
    const types = Object.keys(eventContent);
    fc.assert(
      fc.property(
        fc.constantFrom(...roles),
        fc.constantFrom(...types),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 3, maxLength: 8 })),
        fc.boolean(),
        (role, type, extra, concernsReader) => {
          const content = eventContent[type as keyof typeof eventContent];
          const data = { ...extra, ...sample(type) };
          const output = JSON.stringify(lens(role, { type, data }, { concernsReader }) ?? null);
          const eventVisible =
            accessTo(role, content?.event ?? 'report_facts', { concernsReader }) === 'visible';
          for (const [field, value] of Object.entries(data)) {
            const category =
              content && Object.hasOwn(content.fields, field) ? content.fields[field] : undefined;
            const visible =
              eventVisible &&
              category !== undefined &&
              accessTo(role, category, { concernsReader }) === 'visible';
            if (!visible && typeof value === 'string' && value.startsWith('SENTINEL:'))
              expect(output).not.toContain(value);
          }
          const shown = (JSON.parse(output)?.data ?? {}) as Record<string, unknown>;
          for (const field of Object.keys(extra)) {
            if (!content || !Object.hasOwn(content.fields, field))
              expect(Object.hasOwn(shown, field)).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(matrix.report_facts.commune_officer).toBe('visible');
  });
});
