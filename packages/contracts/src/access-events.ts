import { z } from 'zod';
import { Roles } from './codes.ts';
import { Instant, ShortText, Uuid } from './primitives.ts';

/**
 * Events of a case's access log (`access-<caseId>`): who read the case, through which lens, by which
 * operation. Kept beside the timeline, not in it, so reading never changes the case's revision.
 */
export const CaseViewed = z.object({
  caseId: Uuid,
  viewedAt: Instant,
  /** The role whose lens the reader saw the case through. */
  lens: Roles.schema,
  /** The GraphQL operation (its name, or its kind when it has none) and the parts of the case it read. */
  operation: z.string().trim().min(1).max(200),
  parts: z
    .array(z.enum(['case', 'timeline', 'viewers']))
    .min(1)
    .max(3),
  /** An auditor's stated reason to see personal data unmasked (D56 Art. 33 protects it). */
  unmaskReason: ShortText.optional(),
});

/**
 * A read of a child record (`access-child-<childId>`): who read the record, through which lens, by which
 * operation. The record holds the child's own facts, so its reads are logged like a case's.
 */
export const ChildRecordViewed = z.object({
  childId: Uuid,
  viewedAt: Instant,
  lens: Roles.schema,
  operation: z.string().trim().min(1).max(200),
});
