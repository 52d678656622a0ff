import { Router } from 'express';
import { z } from 'zod';
import { User, audit, type Role } from '../../model';
import { parseOr400, unauthorized } from '../http-errors';
import { verifyPassword } from './passwords';
import type { TokenService } from './tokens';

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

export function authRouter(tokens: TokenService): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { username, password } = parseOr400(loginBody, req.body, 'login');
    const user = await User.findById(username).lean();
    // Same answer for unknown user and wrong password: no account enumeration.
    const ok = user && !user.disabled && (await verifyPassword(password, user.passwordHash));
    if (!ok || !user) {
      await audit({ actor: username, action: 'auth.login-failed', entity: 'user', entityId: username });
      throw unauthorized('wrong username or password');
    }
    await audit({ actor: username, action: 'auth.login', entity: 'user', entityId: username });
    const roles = user.roles as Role[];
    res.json({ token: tokens.issue({ sub: user._id, roles, unit: user.unit }), user: { username: user._id, displayName: user.displayName, roles, unit: user.unit } });
  });
  return router;
}
