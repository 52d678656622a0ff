import { z } from 'zod';
import { checkComponents } from './component-tree';

export const formKeyParam = z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters, not starting with a dash') });
export const formVersionParam = formKeyParam.extend({ v: z.coerce.number().int().min(1) });

/** A new form version as the designer saves it; each problem of the component tree is reported at its component's path, alongside the title's. */
export const formVersionBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    components: z
      .array(z.unknown())
      .min(1, 'a form needs at least one component')
      .max(500)
      .superRefine((list, ctx) => {
        for (const p of checkComponents(list)) {
          ctx.addIssue({
            code: 'custom',
            message: p.message,
            path: p.field
              .split('.')
              .slice(1)
              .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          });
        }
      }),
  })
  .strict();
export type FormVersionBody = z.infer<typeof formVersionBody>;

/** A test submission; `version` defaults to the latest. */
export const previewBody = z
  .object({
    data: z.record(z.string(), z.unknown()),
    version: z.number().int().min(1).optional(),
  })
  .strict();
