import {
  type CaseEvent,
  ReintegrationSupportRecorded,
  SchoolIncidentReported,
  SchoolSafetyPlanAgreed,
} from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import {
  type AgencyState,
  agencyFold,
  agencyRules,
  type CaseStreamDecider,
  ReferralRuleViolation,
} from '@chungtay/referral';
import { z } from 'zod';

/** What the school-safety service keeps of a case: incidents reported, whether a safety plan is agreed. */
export interface SchoolRecord {
  readonly incidents: readonly string[];
  readonly planAgreed: boolean;
}

export const SchoolSafetyCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ReportIncident'), data: SchoolIncidentReported.omit({ childId: true }) }),
  z.object({ type: z.literal('AgreeSafetyPlan'), data: SchoolSafetyPlanAgreed.omit({ childId: true }) }),
  z.object({
    type: z.literal('RecordReintegrationSupport'),
    data: ReintegrationSupportRecorded.omit({ childId: true }),
  }),
]);
export type SchoolSafetyCommand = z.infer<typeof SchoolSafetyCommand>;

const fold = agencyFold<SchoolRecord>(
  () => ({ incidents: [], planAgreed: false }),
  (own, event) => {
    switch (event.type) {
      case 'SchoolIncidentReported':
        return { ...own, incidents: [...own.incidents, event.data.incidentId] };
      case 'SchoolSafetyPlanAgreed':
        return { ...own, planAgreed: true };
      default:
        return own;
    }
  },
);

/**
 * The school records what happens at school for a child in a case it is involved in: incidents (school
 * violence, bullying), the child's safety plan at school, and reintegration support once a plan exists.
 */
function decide(
  command: SchoolSafetyCommand,
  state: AgencyState<SchoolRecord>,
  { now, actor }: { now: Date; actor: Actor },
): CaseEvent[] {
  const childId = agencyRules.involvedAgencyStep(state, actor, 'education');
  switch (command.type) {
    case 'ReportIncident':
      agencyRules.notFuture(now, command.data.occurredAt, 'occurredAt');
      if (state.own.incidents.includes(command.data.incidentId)) return [];
      return [{ type: 'SchoolIncidentReported', data: { ...command.data, childId } }];
    case 'AgreeSafetyPlan':
      agencyRules.notFuture(now, command.data.agreedAt, 'agreedAt');
      return [{ type: 'SchoolSafetyPlanAgreed', data: { ...command.data, childId } }];
    case 'RecordReintegrationSupport':
      agencyRules.notFuture(now, command.data.recordedAt, 'recordedAt');
      if (!state.own.planAgreed)
        throw new ReferralRuleViolation('no-safety-plan', 'agree the child’s safety plan at school first');
      return [{ type: 'ReintegrationSupportRecorded', data: { ...command.data, childId } }];
  }
}

export const schoolSafetyDecider: CaseStreamDecider<SchoolSafetyCommand, AgencyState<SchoolRecord>> = {
  ...fold,
  decide,
};
