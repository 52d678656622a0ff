import { z } from 'zod';

export const UNIT_KINDS = ['city', 'ward', 'commune', 'team', 'department'] as const;

/** Unit ids are stable slugs: they are stored on users, sources and events. */
export const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters, not starting with a dash');

export const unitIdParam = z.object({ id: unitId });

export const createUnitBody = z
  .object({
    id: unitId,
    name: z.string().trim().min(1).max(200),
    kind: z.enum(UNIT_KINDS),
    /** Absent only for a top-level unit (the city). */
    parent: unitId.optional(),
  })
  .strict();

/** Rename, re-kind or move; `parent: null` makes the unit top-level. */
export const updateUnitBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(UNIT_KINDS).optional(),
    parent: unitId.nullable().optional(),
  })
  .strict();

export const listUnitsQuery = z.object({ shape: z.enum(['flat', 'tree']).default('flat') }).strict();

export type CreateUnitBody = z.infer<typeof createUnitBody>;
export type UpdateUnitBody = z.infer<typeof updateUnitBody>;
