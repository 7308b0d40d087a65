import { agencyOfRole, communeLabel, communeOf, type Role } from '@chungtay/contracts';
import type { Caller } from '@chungtay/service-kit';

/** The demo's home communes: the users below work there, and most demo cases happen there. */
export const QUY_NHON = '21583';
export const PLEIKU = '23575';

/** The state legal-aid centre, which serves the whole province (decision 0044). */
export const LEGAL_AID_CENTRE = 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Gia Lai';

/**
 * The units that work a commune's cases in the demo: its police, its health station and a lower-secondary
 * school (names as Vietnamese units are named: "Trạm y tế xã Ia Mơ"). The demo names them on the referrals
 * and plan tasks it makes, so each unit sees the cases it takes part in (decision 0044).
 */
export function unitsOf(communeCode: string): Record<'police' | 'health' | 'education', string> {
  const label = communeLabel(communeCode);
  return {
    police: `Công an ${label}`,
    health: `Trạm y tế ${label}`,
    education: `Trường THCS ${communeOf(communeCode)?.name ?? communeCode}`,
  };
}

/** A demo user per role, in real Gia Lai communes (phường Quy Nhơn 21583, phường Pleiku 23575). */
export const demoUsers: Record<Role, { sub: string; communes: string[]; unit?: string }> = {
  hotline_operator: { sub: 'demo-hotline-111', communes: [], unit: 'Tổng đài 111' },
  commune_officer: { sub: 'demo-officer-quynhon', communes: [QUY_NHON] },
  commune_chair: { sub: 'demo-chair-quynhon', communes: [QUY_NHON] },
  police_investigator: { sub: 'demo-police-quynhon', communes: [QUY_NHON], unit: unitsOf(QUY_NHON).police },
  legal_aid_officer: { sub: 'demo-legal-aid', communes: [], unit: LEGAL_AID_CENTRE },
  health_worker: { sub: 'demo-health-quynhon', communes: [QUY_NHON], unit: unitsOf(QUY_NHON).health },
  school_safety_officer: {
    sub: 'demo-school-quynhon',
    communes: [QUY_NHON],
    unit: unitsOf(QUY_NHON).education,
  },
  provincial_coordinator: { sub: 'demo-provincial', communes: [], unit: 'Sở Y tế Gia Lai' },
  auditor: { sub: 'demo-auditor', communes: [], unit: 'Thanh tra tỉnh Gia Lai' },
};

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
  const local = agency === 'police' || agency === 'health' || agency === 'education';
  return local ? { unit: unitsOf(communeCode)[agency] } : {};
}
