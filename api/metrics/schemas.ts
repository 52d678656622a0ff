import { z } from 'zod';
import { SEVERITIES } from '../../model';
import { BUCKETS } from './buckets';

const DAY_MS = 86_400_000;
/** Default period: the last 30 days. */
export const DEFAULT_PERIOD_DAYS = 30;
/** Longest period: a year and a few days, so a year of daily buckets fits and a query stays bounded. */
export const MAX_PERIOD_DAYS = 370;

const base = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    sop: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'an SOP key (lower-case letters, digits and dashes)')
      .optional(),
    /** A unit id: incidents of that unit and every unit below it. */
    unit: z.string().trim().min(1).max(100).optional(),
    severity: z.enum(SEVERITIES).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/** Fills the default period and checks it: from ≤ to, at most MAX_PERIOD_DAYS. */
function withPeriod<T extends { from?: string; to?: string }>(q: T) {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  return { ...q, from, to };
}

const periodChecks = <S extends z.ZodType<{ from: Date; to: Date }>>(schema: S) =>
  schema
    .refine((q) => q.from.getTime() <= q.to.getTime(), { message: 'from must not be after to', path: ['from'] })
    .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_PERIOD_DAYS * DAY_MS, { message: `the period may span at most ${MAX_PERIOD_DAYS} days`, path: ['from'] });

/** The filters every metrics view takes. */
export const metricsQuery = periodChecks(base.transform(withPeriod));
export const trendsQuery = periodChecks(base.extend({ bucket: z.enum(BUCKETS).default('day') }).transform(withPeriod));

export type MetricsQuery = z.infer<typeof metricsQuery>;
export type TrendsQuery = z.infer<typeof trendsQuery>;
