import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import type { NotificationService } from './notification-service';

const listQuery = z
  .object({
    unread: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const idParam = z.object({ id: z.string().min(1).max(500) });

/** `GET /` the caller's notifications, newest first; `POST /:id/read` marks one of them read. */
export function notificationsRouter(notifications: NotificationService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json(await notifications.list(currentUser(req), q));
  });
  router.post('/:id/read', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'notification id');
    res.json(await notifications.markRead(currentUser(req), id));
  });
  return router;
}
