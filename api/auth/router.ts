import { Router, type Request } from 'express';
import { z } from 'zod';
import { User, audit, type Role } from '../../model';
import { badRequest, parseOr400, unauthorized } from '../http-errors';
import { addressKey, type LoginThrottleService, userKey } from './login-throttle';
import { currentSession, currentUser, type RequireAuth } from './middleware';
import { passwordBreaches } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import type { SessionService } from './session-service';
import type { SessionSettings } from './session-settings';
import type { TokenService } from './tokens';

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });
const logoutBody = z.object({ refreshToken: z.string().min(1).max(200).optional() });
const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(1000) }).strict();

export interface AuthRouterDeps {
  tokens: TokenService;
  sessions: SessionService;
  throttle: LoginThrottleService;
  settings: SessionSettings;
  requireAuth: RequireAuth;
}

/** `/api/auth`: sign-in, refresh and logout are open (they carry their own proof); changing a password needs a session. */
export function authRouter({ tokens, sessions, throttle, settings, requireAuth }: AuthRouterDeps): Router {
  const router = Router();

  const grant = (user: { _id: string; displayName: string; roles: string[]; unit: string }, sid: string, refreshToken: string) => {
    const roles = user.roles as Role[];
    return {
      token: tokens.issue({ sub: user._id, roles, unit: user.unit, sid }),
      refreshToken,
      expiresIn: tokens.ttl,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      user: { username: user._id, displayName: user.displayName, roles, unit: user.unit },
    };
  };

  router.post('/login', async (req, res) => {
    const { username, password } = parseOr400(loginBody, req.body, 'login');
    const address = clientAddress(req);
    await throttle.assertOpen([userKey(username), ...(address ? [addressKey(address)] : [])]);
    const user = await User.findById(username).lean();
    // Same answer for unknown user and wrong password: no account enumeration.
    const ok = user && !user.disabled && (await verifyPassword(password, user.passwordHash));
    if (!ok || !user) {
      await throttle.recordFailure(username, address);
      await audit({ actor: username, action: 'auth.login-failed', entity: 'user', entityId: username, after: { address } });
      throw unauthorized('wrong username or password');
    }
    await throttle.recordSuccess(username);
    const { sid, refreshToken } = await sessions.create(user._id, address);
    await audit({ actor: username, action: 'auth.login', entity: 'user', entityId: username, after: { session: sid, address } });
    res.json(grant(user, sid, refreshToken));
  });

  router.post('/refresh', async (req, res) => {
    const { refreshToken } = parseOr400(refreshBody, req.body ?? {}, 'refresh');
    const next = await sessions.refresh(refreshToken);
    const user = await User.findById(next.user).lean();
    if (!user || user.disabled) {
      await sessions.revoke(next.sid, 'account-disabled', next.user);
      throw unauthorized('account disabled or removed');
    }
    res.json(grant(user, next.sid, next.refreshToken));
  });

  // Logout with the access token; a refresh token alone also ends its session (a client whose access token lapsed).
  router.post('/logout', async (req, res) => {
    const { refreshToken } = parseOr400(logoutBody, req.body ?? {}, 'logout');
    if (req.headers.authorization) {
      await requireAuth(req, res, () => undefined);
      await sessions.revoke(currentSession(req), 'logout', currentUser(req).username);
    } else if (refreshToken) {
      const s = await sessions.holderOf(refreshToken);
      await sessions.revoke(s.sid, 'logout', s.user);
    } else throw unauthorized();
    res.status(204).end();
  });

  router.post('/password', async (req, res) => {
    await requireAuth(req, res, () => undefined);
    const me = currentUser(req);
    const { currentPassword, newPassword } = parseOr400(changePasswordBody, req.body ?? {}, 'password change');
    const user = await User.findById(me.username).lean();
    // Each detail names its field and rule, so the UIs can say it in the user's language under that field.
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
      throw badRequest('invalid password change', [{ field: 'currentPassword', rule: 'currentPassword', message: 'does not match your current password' }]);
    const breaches: { rule: string; message: string; limit?: number }[] = passwordBreaches(newPassword, { username: me.username });
    if (newPassword === currentPassword) breaches.push({ rule: 'unchanged', message: 'must differ from the current password' });
    if (breaches.length)
      throw badRequest(
        'invalid password change',
        breaches.map((b) => ({ field: 'newPassword', ...b })),
      );
    await User.updateOne({ _id: me.username }, { $set: { passwordHash: await hashPassword(newPassword) } });
    const ended = await sessions.revokeAllOf(me.username, 'password-changed', currentSession(req));
    await audit({ actor: me.username, action: 'user.password-changed', entity: 'user', entityId: me.username, after: { otherSessionsEnded: ended } });
    res.status(204).end();
  });

  return router;
}

/** The client's address as Express sees it (`trust proxy` decides whether X-Forwarded-For counts). */
function clientAddress(req: Request): string | undefined {
  return req.ip ?? req.socket.remoteAddress ?? undefined;
}
