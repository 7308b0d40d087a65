import {
  type CaseEvent,
  LegalAdviceGiven,
  LegalAidClosed,
  LegalRepresentationProvided,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import {
  type AgencyState,
  agencyFold,
  agencyRules,
  type CaseStreamDecider,
  ReferralHeld,
  ReferralRuleViolation,
} from '@chungtay/referral';
import { z } from 'zod';

/** Per referral to legal aid: who was assigned, whether it was closed. */
export interface LegalAidRecord {
  readonly matters: Readonly<Record<string, { readonly assignedTo?: string; readonly closed: boolean }>>;
}

const Referral = { referralId: z.uuid() };
export const LegalAidCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('AssignOfficer'),
    data: z.object({ ...Referral, officerId: z.string().trim().min(1).max(200) }),
  }),
  z.object({ type: z.literal('GiveAdvice'), data: LegalAdviceGiven.omit({ childId: true }) }),
  z.object({
    type: z.literal('ProvideRepresentation'),
    data: LegalRepresentationProvided.omit({ childId: true }),
  }),
  z.object({
    type: z.literal('CloseLegalAid'),
    data: LegalAidClosed.omit({ childId: true, closedAt: true }),
  }),
]);
export type LegalAidCommand = z.infer<typeof LegalAidCommand>;

const fold = agencyFold<LegalAidRecord>(
  () => ({ matters: {} }),
  (own, event) => {
    const matter = (referralId: string) => own.matters[referralId] ?? { closed: false };
    switch (event.type) {
      case 'LegalAidOfficerAssigned':
        return {
          matters: {
            ...own.matters,
            [event.data.referralId]: { ...matter(event.data.referralId), assignedTo: event.data.officerId },
          },
        };
      case 'LegalAidClosed':
        return {
          matters: {
            ...own.matters,
            [event.data.referralId]: { ...matter(event.data.referralId), closed: true },
          },
        };
      default:
        return own;
    }
  },
);

/**
 * Legal aid works a referral it accepted: the holder assigns an officer (themself or a colleague); the holder
 * or the assigned officer records advice and representation, and closes the matter with its outcome, which
 * completes the referral so the commune officer sees it.
 */
function decide(
  command: LegalAidCommand,
  state: AgencyState<LegalAidRecord>,
  { now, actor }: { now: Date; actor: Actor },
): CaseEvent[] {
  agencyRules.openCase(state);
  agencyRules.ofAgency(actor, 'legal_aid');
  const { referralId } = command.data;
  const referral = agencyRules.acceptedReferral(state, referralId, 'legal_aid');
  const matter = state.own.matters[referralId] ?? { closed: false };
  if (matter.closed) throw new ReferralRuleViolation('legal-aid-closed', 'this legal-aid matter is closed');
  const at = now.toISOString();
  const childId = state.base.caseState.childId ?? '';
  const holderOrAssigned = () => {
    if (actor.userId !== referral.heldBy && actor.userId !== matter.assignedTo)
      throw new ReferralHeld(matter.assignedTo ?? referral.heldBy ?? 'another officer');
  };
  switch (command.type) {
    case 'AssignOfficer':
      if (actor.userId !== referral.heldBy) throw new ReferralHeld(referral.heldBy ?? 'another officer');
      if (matter.assignedTo === command.data.officerId) return [];
      return [
        {
          type: 'LegalAidOfficerAssigned',
          data: { referralId, assignedAt: at, officerId: command.data.officerId },
        },
      ];
    case 'GiveAdvice':
      holderOrAssigned();
      agencyRules.notFuture(now, command.data.givenAt, 'givenAt');
      return [{ type: 'LegalAdviceGiven', data: { ...command.data, childId } }];
    case 'ProvideRepresentation':
      holderOrAssigned();
      agencyRules.notFuture(now, command.data.providedAt, 'providedAt');
      return [{ type: 'LegalRepresentationProvided', data: { ...command.data, childId } }];
    case 'CloseLegalAid':
      holderOrAssigned();
      return [
        { type: 'LegalAidClosed', data: { ...command.data, childId, closedAt: at } },
        {
          type: 'ReferralCompleted',
          data: {
            referralId,
            childId,
            completedAt: at,
            outcome: command.data.outcome === 'WITHDRAWN_BY_FAMILY' ? 'NOT_NEEDED' : 'SERVICE_PROVIDED',
            summary: command.data.summary,
          },
        },
      ];
  }
}

export const legalAidDecider: CaseStreamDecider<LegalAidCommand, AgencyState<LegalAidRecord>> = {
  ...fold,
  decide,
};
