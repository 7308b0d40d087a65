import { type AgencyServiceOptions, createAgencyService } from '@chungtay/referral';
import { MedicalCommand, medicalDecider } from './medical.ts';

export { MedicalCommand, type MedicalRecord, medicalDecider } from './medical.ts';

/** `POST /cases/:caseId/medical` with `{ type, data }`. */
export const createMedicalService = (options: AgencyServiceOptions) =>
  createAgencyService(
    {
      name: 'medical',
      agency: 'health',
      schema: 'medical_service',
      collection: 'medical',
      commands: MedicalCommand,
      decider: medicalDecider,
    },
    options,
  );
