import { z } from 'zod';
import { ROLES } from '../../model';

/** Minimal policy for now; the security issue brings the fuller one (history, breached lists, complexity). */
export const MIN_PASSWORD_LENGTH = 10;
const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

export const username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dots, dashes and underscores, 2–63 characters');
export const usernameParam = z.object({ username });

const profile = {
  displayName: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1, 'at least one role').max(ROLES.length),
  unit: z.string().min(1).max(100),
  email: z.email().max(200).optional(),
};

export const createUserBody = z.object({ username, ...profile, password }).strict();
export const updateUserBody = z.object(profile).strict();
/** Without a password the server generates one and returns it once. */
export const resetPasswordBody = z.object({ password: password.optional() }).strict();

export type CreateUserBody = z.infer<typeof createUserBody>;
export type UpdateUserBody = z.infer<typeof updateUserBody>;
