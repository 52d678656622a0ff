import type { Request, RequestHandler } from 'express';
import { User, type Role } from '../../model';
import { forbidden, unauthorized } from '../http-errors';
import type { UnitScope } from '../org/unit-scope';
import type { SessionService } from './session-service';
import type { TokenService } from './tokens';

export interface AuthUser {
  username: string;
  roles: Role[];
  unit: string;
  /** The user's unit and every unit below it. */
  scopeUnits: string[];
}

const USER = Symbol('cityops.user');
const SESSION = Symbol('cityops.session');
type WithUser = Request & { [USER]?: AuthUser; [SESSION]?: string };

/** Leaders and admins steer incidents (cancel, reassign, escalate, directives). */
export const isSupervisor = (user: AuthUser) => user.roles.includes('admin') || user.roles.includes('leader');

/** The authenticated user of a request that passed `requireAuth`. */
export function currentUser(req: Request): AuthUser {
  const user = (req as WithUser)[USER];
  if (!user) throw unauthorized();
  return user;
}

/** The signed-in user of a request, if `requireAuth` passed (for logs: no error to build when there is none). */
export function signedInUser(req: Request): AuthUser | undefined {
  return (req as WithUser)[USER];
}

/** The session id of a request that passed `requireAuth`. */
export function currentSession(req: Request): string {
  const sid = (req as WithUser)[SESSION];
  if (!sid) throw unauthorized();
  return sid;
}

export type RequireAuth = (req: Request, res: Parameters<RequestHandler>[1], next: () => void) => Promise<void>;

/**
 * Checks the bearer token, that its session is live (not logged out, revoked, idle or past its
 * lifetime — cached a few seconds per process, see SessionService) and that the account still
 * exists and is enabled (read by `_id` on every request, so disabling a user takes effect at once).
 */
export function requireAuth(tokens: TokenService, scope: UnitScope, sessions: SessionService): RequireAuth {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    const claims = match ? tokens.verify(match[1]!) : undefined;
    if (!claims) throw unauthorized(match ? 'invalid or expired token' : 'authentication required');
    if (!claims.sid || !(await sessions.isLive(claims.sid, claims.sub))) throw unauthorized('session ended');
    const user = await User.findById(claims.sub, { roles: 1, unit: 1, disabled: 1 }).lean();
    if (!user || user.disabled) throw unauthorized('account disabled or removed');
    (req as WithUser)[USER] = { username: user._id, roles: user.roles as Role[], unit: user.unit, scopeUnits: await scope.subtree(user.unit) };
    (req as WithUser)[SESSION] = claims.sid;
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
