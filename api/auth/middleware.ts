import type { Request, RequestHandler } from 'express';
import { User, type Role } from '../../model';
import { forbidden, unauthorized } from '../http-errors';
import type { UnitScope } from '../org/unit-scope';
import type { TokenService } from './tokens';

export interface AuthUser {
  username: string;
  roles: Role[];
  unit: string;
  /** The user's unit and every unit below it. */
  scopeUnits: string[];
}

const USER = Symbol('cityops.user');
type WithUser = Request & { [USER]?: AuthUser };

/** Leaders and admins steer incidents (cancel, reassign, escalate, directives). */
export const isSupervisor = (user: AuthUser) => user.roles.includes('admin') || user.roles.includes('leader');

/** The authenticated user of a request that passed `requireAuth`. */
export function currentUser(req: Request): AuthUser {
  const user = (req as WithUser)[USER];
  if (!user) throw unauthorized();
  return user;
}

/**
 * Checks the bearer token and that the account still exists and is enabled (read by `_id` on
 * every request, so disabling a user takes effect at once).
 */
export function requireAuth(tokens: TokenService, scope: UnitScope): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    const claims = match ? tokens.verify(match[1]!) : undefined;
    if (!claims) throw unauthorized(match ? 'invalid or expired token' : 'authentication required');
    const user = await User.findById(claims.sub, { roles: 1, unit: 1, disabled: 1 }).lean();
    if (!user || user.disabled) throw unauthorized('account disabled or removed');
    (req as WithUser)[USER] = { username: user._id, roles: user.roles as Role[], unit: user.unit, scopeUnits: await scope.subtree(user.unit) };
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = currentUser(req);
    if (!user.roles.some((r) => roles.includes(r))) throw forbidden(`requires role ${roles.join(' or ')}`);
    next();
  };
}
