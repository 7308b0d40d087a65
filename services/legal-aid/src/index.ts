import { type AgencyServiceOptions, createAgencyService } from '@chungtay/referral';
import { LegalAidCommand, legalAidDecider } from './legal-aid.ts';

export { LegalAidCommand, type LegalAidRecord, legalAidDecider } from './legal-aid.ts';

/** `POST /cases/:caseId/legal-aid` with `{ type, data }`. */
export const createLegalAidService = (options: AgencyServiceOptions) =>
  createAgencyService(
    {
      name: 'legal-aid',
      agency: 'legal_aid',
      schema: 'legal_aid_service',
      collection: 'legal-aid',
      commands: LegalAidCommand,
      decider: legalAidDecider,
    },
    options,
  );
