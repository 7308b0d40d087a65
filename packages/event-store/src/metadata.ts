import { z } from 'zod';

export const agencies = [
  'hotline',
  'commune',
  'police',
  'legal_aid',
  'health',
  'education',
  'provincial',
  'inspectorate',
  'system',
] as const;
export const Agency = z.enum(agencies);
export type Agency = z.infer<typeof Agency>;

/** Who caused an event. Ids only: no names, no contact data (the envelope is never encrypted). */
export const Actor = z.object({
  userId: z.string().min(1).max(200),
  agency: Agency,
  role: z.string().min(1).max(60),
  unit: z.string().max(200).optional(),
  communeCode: z
    .string()
    .regex(/^\d{5}$/, 'a 5-digit commune code')
    .optional(),
});
export type Actor = z.infer<typeof Actor>;

export const EventMetadata = z.object({
  actor: Actor,
  correlationId: z.uuid(),
  causationId: z.uuid().optional(),
  /** When it happened in the world, as the writer states it (ISO 8601 with offset). */
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.string().max(100).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;
