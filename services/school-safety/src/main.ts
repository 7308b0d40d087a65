import { agencyServiceMain } from '@chungtay/referral';
import { createSchoolSafetyService } from './index.ts';

await agencyServiceMain('school-safety', createSchoolSafetyService);
