import { agencyServiceMain } from '@chungtay/referral';
import { createLegalAidService } from './index.ts';

await agencyServiceMain('legal-aid', createLegalAidService);
