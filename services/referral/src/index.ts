export { AgencyInbox, type InboxEntry } from './agency-inbox.ts';
export { agencyServiceMain } from './agency-main.ts';
export { agencyCommandRoutes } from './agency-routes.ts';
export { type AgencyService, type AgencyServiceOptions, createAgencyService } from './agency-service.ts';
export { type AgencyState, agencyFold, agencyRules } from './agency-work.ts';
export { referralErrorMappers, referralRoutes } from './api.ts';
export { ReferralApplication, type ReferralOutcome } from './application.ts';
export {
  type CaseStreamCommandOptions,
  type CaseStreamDecider,
  type CaseStreamOutcome,
  CaseStreamWriter,
} from './case-stream-writer.ts';
export { agencyEnvironment, agencyPorts, ReferralEnvironment } from './environment.ts';
export { derivedUuid, reactionsTo, type Trigger } from './reactions.ts';
export { REFERRAL_SCHEMA, ReferralReadModel } from './read-model.ts';
export {
  applyReferralRowChange,
  type ReferralRowChange,
  referralRowChange,
  referralTableColumns,
} from './referral-rows.ts';
export {
  decideReferral,
  evolveReferrals,
  initialReferralsState,
  mayIssueReferrals,
  type Referral,
  ReferralCommand,
  ReferralHeld,
  ReferralNotFound,
  ReferralRuleViolation,
  type ReferralStatus,
  ReferralStepNotPermitted,
  type ReferralsState,
  referralActions,
  unanswered,
} from './referrals.ts';
export { createReferralService, type ReferralService } from './service.ts';
export { ReferralWorker } from './worker.ts';
