import { agencyOfRole, type Role } from '@chungtay/contracts';
import type { Caller } from '@chungtay/service-kit';

/** The demo's home communes: the users below work there, and most demo cases happen there. */
export const QUY_NHON = '21583';
export const PLEIKU = '23575';

/** A demo user per role, in real Gia Lai communes (phường Quy Nhơn 21583, phường Pleiku 23575). */
export const demoUsers: Record<Role, { sub: string; communes: string[]; unit?: string }> = {
  hotline_operator: { sub: 'demo-hotline-111', communes: [], unit: 'Tổng đài 111' },
  commune_officer: { sub: 'demo-officer-quynhon', communes: [QUY_NHON] },
  commune_chair: { sub: 'demo-chair-quynhon', communes: [QUY_NHON] },
  police_investigator: {
    sub: 'demo-police-quynhon',
    communes: [QUY_NHON],
    unit: 'Công an phường Quy Nhơn',
  },
  legal_aid_officer: {
    sub: 'demo-legal-aid',
    communes: [],
    unit: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Gia Lai',
  },
  health_worker: {
    sub: 'demo-health-quynhon',
    communes: [QUY_NHON],
    unit: 'Trạm y tế phường Quy Nhơn',
  },
  school_safety_officer: {
    sub: 'demo-school-quynhon',
    communes: [QUY_NHON],
    unit: 'Trường THCS Quy Nhơn',
  },
  provincial_coordinator: { sub: 'demo-provincial', communes: [], unit: 'Sở Y tế Gia Lai' },
  auditor: { sub: 'demo-auditor', communes: [], unit: 'Thanh tra tỉnh Gia Lai' },
};

/**
 * The staff who act on a commune's cases in the demo: the demo users themselves in their communes, colleagues
 * with ids of their own elsewhere (ids only, as in any event's actor).
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
        ...(user.unit && home ? { unit: user.unit } : {}),
      };
      return [role, caller];
    }),
  ) as Record<Role, Caller>;
}
