import { z } from 'zod';

/** One incoming reading, as sent by a sensor, camera or feed. */
export const incomingEvent = z
  .object({
    id: z.string().min(1).max(200),
    source: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^$|\u0000]+$/, 'must not contain $, | or NUL'),
    metric: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
    value: z.union([z.number().finite(), z.string().max(1000), z.boolean()]),
    unit: z.string().max(20).optional(),
    observedAt: z.iso.datetime({ offset: true }),
    location: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .optional(),
  })
  .strict();

export type IncomingEvent = z.infer<typeof incomingEvent>;

/** Batches above this size are refused whole (413) rather than half-processed. */
export const MAX_BATCH = 10_000;
