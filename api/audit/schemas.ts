import { z } from 'zod';

export const MAX_AUDIT_PAGE = 500;

const term = z.string().trim().min(1).max(200).optional();

/** Filters of the audit view; `before` is the cursor: entries strictly older than it (the previous page's `nextBefore`). */
export const auditQuery = z
  .object({
    actor: term,
    entity: term,
    entityId: term,
    action: term,
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    before: z.iso.datetime({ offset: true }).optional(),
    /** With `before`: the previous page's last id, so entries sharing its millisecond are not skipped. */
    beforeId: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: 'from must not be after to', path: ['from'] })
  .refine((q) => !q.beforeId || q.before, { message: 'beforeId needs before', path: ['beforeId'] });

export type AuditQuery = z.infer<typeof auditQuery>;
