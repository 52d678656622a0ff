import { Router } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import type { LoginThrottleService } from '../auth/login-throttle';
import { notFound, parseOr400 } from '../http-errors';
import { createUserBody, lockoutKeyParam, resetPasswordBody, updateUserBody, usernameParam } from './schemas';
import type { UserService } from './user-service';

/** `/api/users`: accounts, for admins only. Password hashes never leave the service. */
export function usersRouter(users: UserService, throttle: LoginThrottleService): Router {
  const router = Router();
  router.use(requireRole('admin'));
  // Sign-in lockouts (before `/:username`, which would take `lockouts` for a name).
  router.get('/lockouts', async (_req, res) => {
    res.json({ items: await throttle.listLocked() });
  });
  router.delete('/lockouts/:key', async (req, res) => {
    const { key } = parseOr400(lockoutKeyParam, req.params, 'lockout');
    if (!(await throttle.clear(currentUser(req).username, key))) throw notFound('lockout');
    res.status(204).end();
  });
  router.get('/', async (_req, res) => {
    res.json({ items: await users.list() });
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await users.create(currentUser(req).username, parseOr400(createUserBody, req.body ?? {}, 'user')));
  });
  router.get('/:username', async (req, res) => {
    res.json(await users.get(parseOr400(usernameParam, req.params, 'username').username));
  });
  router.put('/:username', async (req, res) => {
    const { username } = parseOr400(usernameParam, req.params, 'username');
    res.json(await users.update(currentUser(req).username, username, parseOr400(updateUserBody, req.body ?? {}, 'user')));
  });
  router.post('/:username/disable', async (req, res) => {
    res.json(await users.setDisabled(currentUser(req).username, parseOr400(usernameParam, req.params, 'username').username, true));
  });
  router.post('/:username/enable', async (req, res) => {
    res.json(await users.setDisabled(currentUser(req).username, parseOr400(usernameParam, req.params, 'username').username, false));
  });
  router.post('/:username/reset-password', async (req, res) => {
    const { username } = parseOr400(usernameParam, req.params, 'username');
    const { password } = parseOr400(resetPasswordBody, req.body ?? {}, 'password reset');
    res.json(await users.resetPassword(currentUser(req).username, username, password));
  });
  return router;
}
