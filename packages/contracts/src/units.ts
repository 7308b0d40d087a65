import type { Agency } from '@chungtay/event-store/metadata';
import type { Role, UnitKinds } from './codes.ts';
import { communeLabel, giaLaiCommunes } from './gia-lai-communes.ts';

/**
 * The province's units as the staff directory holds them (decision 0059): who a member of the staff works
 * for, and whom a referral, a plan task or an investigation names. A unit is named by its code, never by its
 * name, which changes (the 2025 mergers renamed most communes); the name is for people to read.
 */
export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly kind: (typeof UnitKinds.codes)[number];
  readonly agency: Agency;
  /** The communes it serves; none for a unit that serves the whole province. */
  readonly communes: readonly string[];
  /** The roles its staff hold on the platform (none yet for social-assistance facilities: issue 20). */
  readonly roles: readonly Role[];
}

/** Every commune and ward has its People's Committee, its police, its health station, and its schools. */
function ofCommune(code: string): Unit[] {
  const label = communeLabel(code);
  const name = label.replace(/^(xã|phường) /, '');
  const at = { communes: [code] } as const;
  return [
    {
      code: `ubnd-${code}`,
      name: `UBND ${label}`,
      kind: 'PEOPLES_COMMITTEE',
      agency: 'commune',
      roles: ['commune_officer', 'commune_chair'],
      ...at,
    },
    {
      code: `ca-${code}`,
      name: `Công an ${label}`,
      kind: 'COMMUNE_POLICE',
      agency: 'police',
      roles: ['police_investigator'],
      ...at,
    },
    {
      code: `tyt-${code}`,
      name: `Trạm y tế ${label}`,
      kind: 'HEALTH_STATION',
      agency: 'health',
      roles: ['health_worker'],
      ...at,
    },
    // One lower-secondary school per commune stands for its schools: the province's list of schools is
    // not in the reference data (decision 0059); an operator adds the real ones.
    {
      code: `thcs-${code}`,
      name: `Trường THCS ${name}`,
      kind: 'SCHOOL',
      agency: 'education',
      roles: ['school_safety_officer'],
      ...at,
    },
  ];
}

const province = (unit: Omit<Unit, 'communes'>): Unit => ({ ...unit, communes: [] });

/** The units that serve the whole province. Those marked [U] in decision 0059 are to be confirmed. */
const provincial: readonly Unit[] = [
  province({
    code: 'ca-tinh-pc02',
    name: 'Phòng Cảnh sát điều tra tội phạm về trật tự xã hội, Công an tỉnh Gia Lai',
    kind: 'PROVINCIAL_POLICE',
    agency: 'police',
    roles: ['police_investigator'],
  }),
  province({
    code: 'tgpl-tinh',
    name: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Gia Lai',
    kind: 'LEGAL_AID_CENTRE',
    agency: 'legal_aid',
    roles: ['legal_aid_officer'],
  }),
  province({
    code: 'bvdk-tinh',
    name: 'Bệnh viện Đa khoa tỉnh Gia Lai',
    kind: 'HOSPITAL',
    agency: 'health',
    roles: ['health_worker'],
  }),
  province({
    code: 'bvdk-quy-nhon',
    name: 'Bệnh viện Đa khoa tỉnh Bình Định (cơ sở Quy Nhơn)',
    kind: 'HOSPITAL',
    agency: 'health',
    roles: ['health_worker'],
  }),
  province({
    code: 'ctxh-tinh',
    name: 'Trung tâm Công tác xã hội tỉnh Gia Lai',
    kind: 'SOCIAL_ASSISTANCE',
    agency: 'health',
    roles: [],
  }),
  province({
    code: 'btxh-tinh',
    name: 'Trung tâm Bảo trợ xã hội tổng hợp tỉnh Gia Lai',
    kind: 'SOCIAL_ASSISTANCE',
    agency: 'health',
    roles: [],
  }),
  province({
    code: 'tongdai-111',
    name: 'Tổng đài điện thoại quốc gia bảo vệ trẻ em 111',
    kind: 'HOTLINE',
    agency: 'hotline',
    roles: ['hotline_operator'],
  }),
  province({
    code: 'syt-tinh',
    name: 'Sở Y tế tỉnh Gia Lai',
    kind: 'DEPARTMENT_OF_HEALTH',
    agency: 'provincial',
    roles: ['provincial_coordinator'],
  }),
  province({
    code: 'thanhtra-tinh',
    name: 'Thanh tra tỉnh Gia Lai',
    kind: 'INSPECTORATE',
    agency: 'inspectorate',
    roles: ['auditor'],
  }),
];

/** Every unit of the province: 4 for each of the 135 communes and wards, then the province's own. */
export const provinceUnits: readonly Unit[] = [
  ...giaLaiCommunes.flatMap((commune) => ofCommune(commune.code)),
  ...provincial,
];

const byCode = new Map(provinceUnits.map((unit) => [unit.code, unit]));

/** The unit of a code, if the directory has it. */
export const unitOf = (code: string): Unit | undefined => byCode.get(code);

/** A unit's name for people to read; a code the directory does not have reads as itself. */
export const unitLabel = (code: string): string => byCode.get(code)?.name ?? code;

/** The commune-level unit of an agency in a commune (its police, its health station, its school). */
export const communeUnitCode = (
  kind: 'PEOPLES_COMMITTEE' | 'COMMUNE_POLICE' | 'HEALTH_STATION' | 'SCHOOL',
  communeCode: string,
): string => {
  const prefix = { PEOPLES_COMMITTEE: 'ubnd', COMMUNE_POLICE: 'ca', HEALTH_STATION: 'tyt', SCHOOL: 'thcs' }[
    kind
  ];
  return `${prefix}-${communeCode}`;
};
