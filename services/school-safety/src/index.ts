import { type AgencyServiceOptions, createAgencyService } from '@chungtay/referral';
import { SchoolSafetyCommand, schoolSafetyDecider } from './school-safety.ts';

export { type SchoolRecord, SchoolSafetyCommand, schoolSafetyDecider } from './school-safety.ts';

/** `POST /cases/:caseId/school-safety` with `{ type, data }`. */
export const createSchoolSafetyService = (options: AgencyServiceOptions) =>
  createAgencyService(
    {
      name: 'school-safety',
      agency: 'education',
      schema: 'school_safety_service',
      collection: 'school-safety',
      commands: SchoolSafetyCommand,
      decider: schoolSafetyDecider,
    },
    options,
  );
