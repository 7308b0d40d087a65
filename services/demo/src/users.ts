import { agencyOfRole, communeUnitCode, type Role } from '@chungtay/contracts';
import type { Caller } from '@chungtay/service-kit';

/** The demo's home communes: the users below work there, and most demo cases happen there. */
export const QUY_NHON = '21583';
export const PLEIKU = '23575';

/** The state legal-aid centre, which serves the whole province (decision 0044), by its directory code. */
export const LEGAL_AID_CENTRE = 'tgpl-tinh';

/**
 * The units that work a commune's cases in the demo, by their codes in the province's directory (decision
 * 0059): its police, its health station and its lower-secondary school. The demo names them on the
 * referrals and plan tasks it makes, so each unit sees the cases it takes part in (decision 0044).
 */
export function unitsOf(communeCode: string): Record<'police' | 'health' | 'education', string> {
  return {
    police: communeUnitCode('COMMUNE_POLICE', communeCode),
    health: communeUnitCode('HEALTH_STATION', communeCode),
    education: communeUnitCode('SCHOOL', communeCode),
  };
}

/** A demo user per role, in real Gia Lai communes (phường Quy Nhơn 21583, phường Pleiku 23575). */
export const demoUsers: Record<Role, { sub: string; communes: string[]; unit: string }> = {
  hotline_operator: { sub: 'demo-hotline-111', communes: [], unit: 'tongdai-111' },
  commune_officer: {
    sub: 'demo-officer-quynhon',
    communes: [QUY_NHON],
    unit: communeUnitCode('PEOPLES_COMMITTEE', QUY_NHON),
  },
  commune_chair: {
    sub: 'demo-chair-quynhon',
    communes: [QUY_NHON],
    unit: communeUnitCode('PEOPLES_COMMITTEE', QUY_NHON),
  },
  police_investigator: { sub: 'demo-police-quynhon', communes: [QUY_NHON], unit: unitsOf(QUY_NHON).police },
  legal_aid_officer: { sub: 'demo-legal-aid', communes: [], unit: LEGAL_AID_CENTRE },
  health_worker: { sub: 'demo-health-quynhon', communes: [QUY_NHON], unit: unitsOf(QUY_NHON).health },
  school_safety_officer: {
    sub: 'demo-school-quynhon',
    communes: [QUY_NHON],
    unit: unitsOf(QUY_NHON).education,
  },
  provincial_coordinator: { sub: 'demo-provincial', communes: [], unit: 'syt-tinh' },
  auditor: { sub: 'demo-auditor', communes: [], unit: 'thanhtra-tinh' },
};

/**
 * The demo users as members of the staff directory (`chungtay users`' rows): what the production topology
 * adds to its Keycloak, one account per role (`demo.commune-officer`, …), each in their demo unit.
 */
export function demoStaff(): Array<{ username: string; role: Role; unit: string; communes: string[] }> {
  return (Object.keys(demoUsers) as Role[]).map((role) => ({
    username: `demo.${role.replaceAll('_', '-')}`,
    role,
    unit: demoUsers[role].unit ?? '',
    communes: [...demoUsers[role].communes],
  }));
}

/**
 * The staff who act on a commune's cases in the demo: the demo users themselves in their communes, colleagues
 * with ids of their own elsewhere (ids only, as in any event's actor), each of the commune's own unit.
 */
export function staffOf(communeCode: string): Record<Role, Caller> {
  return Object.fromEntries(
    (Object.keys(demoUsers) as Role[]).map((role) => {
      const user = demoUsers[role];
      const local = user.communes.length > 0;
      const home = !local || user.communes.includes(communeCode);
      const caller: Caller = {
        userId: home ? user.sub : `demo-${role.replaceAll('_', '-')}-${communeCode}`,
        agency: agencyOfRole[role],
        role,
        communes: local ? [communeCode] : [],
        token: '',
        ...unitOf(role, communeCode, home ? user.unit : undefined),
      };
      return [role, caller];
    }),
  ) as Record<Role, Caller>;
}

/** A local colleague's unit is their commune's; the demo user's own is theirs. */
function unitOf(role: Role, communeCode: string, own: string | undefined): { unit?: string } {
  if (own) return { unit: own };
  const agency = agencyOfRole[role];
  if (agency === 'commune') return { unit: communeUnitCode('PEOPLES_COMMITTEE', communeCode) };
  const local = agency === 'police' || agency === 'health' || agency === 'education';
  return local ? { unit: unitsOf(communeCode)[agency] } : {};
}
