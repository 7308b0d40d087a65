import { z } from 'zod';

export const Uuid = z.uuid();
export const CommuneCode = z.string().regex(/^\d{5}$/, 'a 5-digit commune code');
/** An instant with its offset (Asia/Ho_Chi_Minh is +07:00). */
export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();
export const ShortText = z.string().trim().min(1).max(500);
export const LongText = z.string().trim().min(1).max(10_000);
/**
 * A unit of the province's staff directory, by its code (ubnd-21583, tyt-21583, tgpl-tinh: decision 0059).
 * Its own schema, so that a form offers the directory's units for it; a code it does not have is kept as
 * given (records made before the directory, or a unit it does not list yet).
 */
export const UnitCode = z.string().trim().min(1).max(500);

/** What a personal field reads back as once its data subject was erased (crypto-shredding). */
export const Erased = z.object({ $erased: z.literal(true) }).meta({ description: 'erased personal data' });

/**
 * A personal field: sealed with its data subject's key at rest, and readable as `Erased` after erasure.
 * Which subject a field belongs to is declared beside the event (`personal` in the registry).
 */
export const personal = <T extends z.ZodType>(schema: T) =>
  z.union([schema, Erased]).meta({ personal: true });

/** The 12-digit personal identification number (số định danh cá nhân). */
export const PersonalIdNumber = z.string().regex(/^\d{12}$/, 'a 12-digit personal ID number');

/**
 * The number officials cite a case by, on paper and on the phone: the commune that took it, the year it was
 * received, and its order among that commune's cases of that year (decision 0051).
 */
export const CaseNumber = z.string().regex(/^\d{5}-\d{4}-\d{4,}$/, 'a case number such as 21583-2026-0042');
