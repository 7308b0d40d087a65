import { describe, expect, it } from 'vitest';
import {
  agencyOfRole,
  communeOf,
  communeUnitCode,
  giaLaiCommunes,
  provinceUnits,
  Roles,
  UnitKinds,
  unitLabel,
  unitOf,
} from '../src/index.ts';

describe('the province’s units (decision 0059)', () => {
  it('has the People’s Committee, police, health station and a school of each of the 135 communes, then the province’s own', () => {
    expect(giaLaiCommunes).toHaveLength(135);
    for (const kind of ['PEOPLES_COMMITTEE', 'COMMUNE_POLICE', 'HEALTH_STATION', 'SCHOOL'] as const)
      expect(provinceUnits.filter((unit) => unit.kind === kind)).toHaveLength(135);
    expect(new Set(provinceUnits.map((unit) => unit.code)).size).toBe(provinceUnits.length);
    expect(unitOf(communeUnitCode('HEALTH_STATION', '23938'))).toMatchObject({
      name: 'Trạm y tế xã Ia Mơ',
      agency: 'health',
      communes: ['23938'],
    });
    expect(unitLabel('ubnd-21583')).toBe('UBND phường Quy Nhơn');
    expect(unitLabel('not-a-unit')).toBe('not-a-unit');
  });

  it('places every role in some unit, each unit’s staff in its agency, each commune unit in a real commune', () => {
    for (const role of Roles.codes)
      expect(
        provinceUnits.some((unit) => unit.roles.includes(role)),
        role,
      ).toBe(true);
    for (const unit of provinceUnits) {
      for (const role of unit.roles) expect(agencyOfRole[role], unit.code).toBe(unit.agency);
      for (const code of unit.communes) expect(communeOf(code), unit.code).toBeDefined();
      expect(UnitKinds.codes).toContain(unit.kind);
    }
    // The state legal-aid centre, the provincial police and the social-assistance facilities serve the province.
    for (const kind of ['LEGAL_AID_CENTRE', 'PROVINCIAL_POLICE', 'SOCIAL_ASSISTANCE'] as const)
      expect(
        provinceUnits.filter((unit) => unit.kind === kind).every((unit) => unit.communes.length === 0),
      ).toBe(true);
  });
});
