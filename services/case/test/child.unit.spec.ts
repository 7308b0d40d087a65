import { randomUUID } from 'node:crypto';
import type { ChildEvent } from '@chungtay/contracts';
import { deciderSpec } from '@chungtay/testing';
import { describe, expect, it } from 'vitest';
import type { ChildContext as Context } from '../src/child/child.ts';
import {
  CaseRuleViolation,
  type ChildCommand,
  type ChildState,
  decideChild,
  evolveChild,
  initialChildState,
  normaliseName,
  StepNotPermitted,
} from '../src/index.ts';
import { actor, at, COMMUNE, OTHER_COMMUNE } from './fixtures.ts';

const spec = deciderSpec<ChildCommand, ChildEvent, ChildState, Context>({
  decide: decideChild,
  evolve: evolveChild,
  initialState: initialChildState,
});
const childId = randomUUID();
const now = new Date(`2026-03-02T10:00:00+07:00`);
const ctx = (who = actor('commune_officer'), candidates: Context['candidates'] = []): Context => ({
  now,
  actor: who,
  candidates,
});
const registration = {
  childId,
  registeredAt: at('2026-03-02T09:00:00'),
  fullName: 'Siu H Ly',
  birthDate: '2014-05-20',
  sex: 'FEMALE' as const,
  ethnicity: 'Jrai',
  communeCode: COMMUNE,
  personalIdNumber: '064314000123',
  birthRegistration: 'REGISTERED' as const,
  specialCircumstances: [],
};
const registered: ChildEvent = { type: 'ChildRegistered', data: registration };

describe('the child record', () => {
  it('registers a child, flagging records that may be the same child', () => {
    const other = randomUUID();
    spec
      .given([])
      .when(
        { type: 'RegisterChild', data: registration },
        ctx(actor('commune_officer'), [{ childId: other, reason: 'SAME_ID_NUMBER' }]),
      )
      .then([
        registered,
        {
          type: 'PossibleDuplicateFlagged',
          data: { otherChildId: other, flaggedAt: now.toISOString(), reason: 'SAME_ID_NUMBER' },
        },
      ]);
  });

  it.each([
    [{ personalIdNumber: '06431400012' }, 'personal_id_format'],
    [{ personalIdNumber: '064214000123' }, 'personal_id_century_or_sex'],
    [{ personalIdNumber: '064313000123' }, 'personal_id_birth_year'],
    [{ birthDate: undefined, estimatedBirthYear: undefined }, 'age_required'],
  ])('refuses %o (%s), naming the field', (overrides, rule) => {
    spec
      .given([])
      .when({ type: 'RegisterChild', data: { ...registration, ...overrides } }, ctx())
      .thenThrows(CaseRuleViolation, { rule });
  });

  it('keeps registration to receiving points, and record changes to the child’s commune', () => {
    spec
      .given([])
      .when({ type: 'RegisterChild', data: registration }, ctx(actor('legal_aid_officer')))
      .thenThrows(StepNotPermitted);
    spec
      .given([registered])
      .when(
        {
          type: 'RecordSpecialCircumstance',
          data: { recordedAt: at('2026-03-03T09:00:00'), group: 'DISABILITY' },
        },
        ctx(actor('commune_officer', OTHER_COMMUNE)),
      )
      .thenThrows(StepNotPermitted);
  });

  it('records special circumstances, birth registration and support', () => {
    const state = spec.given([
      registered,
      {
        type: 'SpecialCircumstanceRecorded',
        data: { recordedAt: at('2026-03-03T09:00:00'), group: 'DISABILITY' },
      },
      {
        type: 'ChildSupportRecorded',
        data: { recordedAt: at('2026-03-04T09:00:00'), kind: 'HEALTH', provider: 'Trạm y tế' },
      },
      {
        type: 'BirthRegistrationRecorded',
        data: { recordedAt: at('2026-03-04T09:00:00'), status: 'REGISTERED' },
      },
    ]).state;
    expect(state).toMatchObject({
      specialCircumstances: ['DISABILITY'],
      supportRecorded: 1,
      birthYear: 2014,
    });
    spec
      .given([registered])
      .when(
        { type: 'EndSpecialCircumstance', data: { endedAt: at('2026-03-05T09:00:00'), group: 'ABANDONED' } },
        ctx(),
      )
      .thenThrows(CaseRuleViolation, { rule: 'not_in_group', field: 'group' });
  });

  it('lets a person confirm or dismiss only what was flagged; nothing merges by itself', () => {
    const other = randomUUID();
    const flagged: ChildEvent = {
      type: 'PossibleDuplicateFlagged',
      data: {
        otherChildId: other,
        flaggedAt: at('2026-03-02T10:00:00'),
        reason: 'SIMILAR_NAME_BIRTH_DATE_COMMUNE',
      },
    };
    const confirm = {
      type: 'ConfirmDuplicate' as const,
      data: { otherChildId: other, confirmedAt: at('2026-03-03T10:00:00') },
    };
    spec
      .given([registered, flagged])
      .when(confirm, ctx())
      .then([{ type: 'DuplicateConfirmed', data: confirm.data }]);
    spec
      .given([registered])
      .when(confirm, ctx())
      .thenThrows(CaseRuleViolation, { rule: 'no_such_possible_duplicate' });
    expect(
      spec.given([registered, flagged, { type: 'DuplicateConfirmed', data: confirm.data }]).state,
    ).toMatchObject({
      possibleDuplicates: [],
      confirmedDuplicates: [other],
    });
  });
});

describe('close names', () => {
  it.each([
    ["Rơ Mah H'Linh", 'ro mah hlinh'],
    ['Đinh  Thị   Lan', 'dinh thi lan'],
    ['NGUYỄN Ngọc Hân', 'nguyen ngoc han'],
    ['Ksor H-Nhi', 'ksor hnhi'],
  ])('%s ~ %s', (name, normal) => {
    expect(normaliseName(name)).toBe(normal);
  });
});
