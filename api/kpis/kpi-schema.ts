import { z } from 'zod';
import { KPI_DIRECTIONS, KPI_LEVELS, KPI_NO_DATA_POLICIES } from '../../model';
import { isIsoDuration, isoDurationToMs } from '../../sop/duration';

export const kpiKey = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters, not starting with a dash');

const MIN_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 400 * 86_400_000;

const threshold = z
  .object({
    level: z.enum(KPI_LEVELS),
    from: z.number().finite().optional(),
    to: z.number().finite().optional(),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #2e7d32'),
  })
  .strict()
  .refine((t) => t.from === undefined || t.to === undefined || t.from < t.to, { message: 'from must be below to', path: ['to'] });

/** A catalogue entry as admins write it (the key comes from the URL). */
export const kpiBody = z
  .object({
    nameVi: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    unit: z.string().trim().min(1).max(40),
    direction: z.enum(KPI_DIRECTIONS),
    thresholds: z.array(threshold).min(1).max(10),
    window: z.string().refine((w) => {
      if (!isIsoDuration(w)) return false;
      const ms = isoDurationToMs(w);
      return ms >= MIN_WINDOW_MS && ms <= MAX_WINDOW_MS;
    }, 'an ISO 8601 duration between PT1M and 400 days, e.g. P1D'),
    noData: z.enum(KPI_NO_DATA_POLICIES),
  })
  .strict();

export type KpiBody = z.infer<typeof kpiBody>;

/** Longest range one history request may cover, and most values it returns. */
export const MAX_HISTORY_DAYS = 800;
export const MAX_HISTORY_VALUES = 2000;

export const historyQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => new Date(q.from) < new Date(q.to ?? Date.now()), { message: 'from must be before to', path: ['from'] })
  .refine((q) => new Date(q.to ?? Date.now()).getTime() - new Date(q.from).getTime() <= MAX_HISTORY_DAYS * 86_400_000, {
    message: `at most ${MAX_HISTORY_DAYS} days per request`,
    path: ['from'],
  });
