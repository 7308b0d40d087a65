import { agencyServiceMain } from '@chungtay/referral';
import { createMedicalService } from './index.ts';

await agencyServiceMain('medical', 4004, createMedicalService);
