import { z } from 'zod';

export const changeIdParam = z.object({ id: z.string().regex(/^[a-z0-9-]{8,64}$/, 'a change request id') });

export const listQuery = z
  .object({
    status: z.enum(['pending', 'decided', 'all']).default('pending'),
    entity: z.enum(['sop', 'rule']).optional(),
  })
  .strict();

export const approveBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const rejectBody = z.object({ reason: z.string().trim().min(1, 'say why the change is rejected').max(500) }).strict();
export const withdrawBody = z.object({}).strict();
