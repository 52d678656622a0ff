import { z } from 'zod';
import { ROLES } from '../../model';

/** Shape only here; the policy (api/auth/password-policy.ts) needs the user name and runs in the service. */
const password = z.string().min(1).max(1000);

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

/** A lockout key as listed by `GET /api/users/lockouts`: `user:<name>` or `address:<ip>`. */
export const lockoutKeyParam = z.object({ key: z.string().regex(/^(user|address):[^\s$]{1,100}$/, 'user:<name> or address:<ip>') });

export type CreateUserBody = z.infer<typeof createUserBody>;
export type UpdateUserBody = z.infer<typeof updateUserBody>;
