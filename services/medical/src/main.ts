import { agencyServiceMain } from '@chungtay/referral';
import { createMedicalService } from './index.ts';

await agencyServiceMain('medical', createMedicalService);
