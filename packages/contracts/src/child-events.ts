import { z } from 'zod';
import {
  BirthRegistrationStatuses,
  ChildSupportKinds,
  DuplicateReasons,
  ErasureGrounds,
  Sexes,
  SpecialCircumstanceGroups,
} from './codes.ts';
import {
  CommuneCode,
  Instant,
  LocalDate,
  PersonalIdNumber,
  personal,
  ShortText,
  Uuid,
} from './primitives.ts';

/** Events of the child's own record (`child-<childId>`); the child is the data subject of every personal field. */

export const ChildRegistered = z.object({
  childId: Uuid,
  registeredAt: Instant,
  fullName: personal(ShortText),
  birthDate: personal(LocalDate).optional(),
  /** When the birth date is unknown. */
  estimatedBirthYear: z.number().int().min(1990).max(2100).optional(),
  sex: Sexes.schema,
  /** Ethnic origin is sensitive personal data (Decree 356/2025). */
  ethnicity: personal(ShortText).optional(),
  communeCode: CommuneCode,
  personalIdNumber: personal(PersonalIdNumber).optional(),
  birthRegistration: BirthRegistrationStatuses.schema,
  specialCircumstances: z.array(SpecialCircumstanceGroups.schema).max(14),
});

export const ChildDetailsCorrected = z.object({
  childId: Uuid,
  correctedAt: Instant,
  fullName: personal(ShortText).optional(),
  birthDate: personal(LocalDate).optional(),
  sex: Sexes.schema.optional(),
  ethnicity: personal(ShortText).optional(),
  communeCode: CommuneCode.optional(),
  personalIdNumber: personal(PersonalIdNumber).optional(),
});

export const BirthRegistrationRecorded = z.object({
  recordedAt: Instant,
  status: BirthRegistrationStatuses.schema,
});

export const SpecialCircumstanceRecorded = z.object({
  recordedAt: Instant,
  group: SpecialCircumstanceGroups.schema,
});

export const SpecialCircumstanceEnded = z.object({
  endedAt: Instant,
  group: SpecialCircumstanceGroups.schema,
});

/** Care or support given to a child in special circumstances (plan target: over 98% cared for). */
export const ChildSupportRecorded = z.object({
  recordedAt: Instant,
  kind: ChildSupportKinds.schema,
  provider: ShortText,
});

export const ChildLinkedToCase = z.object({ caseId: Uuid, linkedAt: Instant });

/** Intake found a record that may be the same child: a person decides; nothing is merged silently. */
export const PossibleDuplicateFlagged = z.object({
  otherChildId: Uuid,
  flaggedAt: Instant,
  reason: DuplicateReasons.schema,
});

export const DuplicateConfirmed = z.object({ otherChildId: Uuid, confirmedAt: Instant });
export const DuplicateDismissed = z.object({ otherChildId: Uuid, dismissedAt: Instant, reason: ShortText });

/**
 * The child's personal data erased: their key is destroyed, so every personal field of theirs, on their
 * record and on every case, reads as erased. The event itself holds no personal data: the grounds and the
 * reference of the request or decision (its number, never a name).
 */
export const ChildDataErased = z.object({
  erasedAt: Instant,
  grounds: ErasureGrounds.schema,
  reference: ShortText,
});
