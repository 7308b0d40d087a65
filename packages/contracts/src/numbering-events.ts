import { z } from 'zod';
import { CommuneCode, Uuid } from './primitives.ts';

/**
 * The case numbers of a commune's year (`numbering-<commune>-<year>`): one event per case given its number,
 * in order, so the next number is the stream's length plus one and two intakes cannot take the same one.
 */
export const CaseNumberReserved = z.object({
  caseId: Uuid,
  communeCode: CommuneCode,
  year: z.number().int().min(2000).max(2999),
  sequence: z.number().int().min(1),
});
