import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { toTaskView, type TaskService } from './task-service';

const listQuery = z.object({ scope: z.enum(['mine', 'unit']).default('unit'), status: z.enum(['open', 'claimed', 'completed', 'cancelled']).optional() }).strict();
const idParam = z.object({ id: z.string().min(1).max(300) });
const completeBody = z.object({ data: z.record(z.string(), z.unknown()) }).strict();

export function tasksRouter(tasks: TaskService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json(await tasks.list(currentUser(req), q.scope, q.status));
  });
  router.get('/:id', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    res.json(toTaskView(await tasks.get(currentUser(req), id)));
  });
  router.post('/:id/claim', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    res.json(toTaskView(await tasks.claim(currentUser(req), id)));
  });
  router.post('/:id/complete', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    const body = parseOr400(completeBody, req.body ?? {}, 'completion');
    res.json(toTaskView(await tasks.complete(currentUser(req), id, body.data)));
  });
  return router;
}
