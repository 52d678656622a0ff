import { Router } from 'express';
import { z } from 'zod';
import { TASK_STATUSES } from '../../model';
import { currentUser } from '../auth/middleware';
import { getFormVersion } from '../forms/form-service';
import { notFound, parseOr400 } from '../http-errors';
import type { IncidentSummaries } from './incident-summaries';
import { TASK_DELTA_LIMIT, listTasks, listTasksById } from './task-list';
import { toTaskView, type TaskService } from './task-service';

const listQuery = z
  .object({
    scope: z.enum(['mine', 'unit', 'all']).default('unit'),
    status: z.enum(TASK_STATUSES).optional(),
    sort: z.enum(['sla', 'created']).default('created'),
    /** Comma-separated task ids: only these, for an inbox applying live changes (TASK_DELTA_LIMIT at most). */
    ids: z
      .string()
      .max(TASK_DELTA_LIMIT * 310)
      .transform((v) => v.split(',').filter(Boolean))
      .refine((ids) => ids.length >= 1 && ids.length <= TASK_DELTA_LIMIT, { message: `name 1 to ${TASK_DELTA_LIMIT} task ids` })
      .refine((ids) => ids.every((id) => id.length <= 300), { message: 'a task id is at most 300 characters' })
      .optional(),
  })
  .strict();
const idParam = z.object({ id: z.string().min(1).max(300) });
const completeBody = z.object({ data: z.record(z.string(), z.unknown()) }).strict();
const skipBody = z.object({ justification: z.string().trim().min(3).max(2000) }).strict();
const reassignBody = z
  .object({ unit: z.string().min(1).max(100).optional(), user: z.string().min(1).max(100).optional(), reason: z.string().trim().min(1).max(2000) })
  .strict()
  .refine((b) => b.unit || b.user, { message: 'name a unit or a user', path: ['unit'] });

export function tasksRouter(tasks: TaskService, summaries: IncidentSummaries): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json(q.ids ? await listTasksById(currentUser(req), q, q.ids, summaries) : await listTasks(currentUser(req), q, summaries));
  });
  router.get('/:id', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    res.json(toTaskView(await tasks.get(currentUser(req), id)));
  });
  // The step's form as pinned when the task was created (not the latest), for whoever may see the task.
  router.get('/:id/form', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    const task = await tasks.get(currentUser(req), id);
    if (!task.formKey) throw notFound('form of the task');
    res.json(await getFormVersion(task.formKey, task.formVersion ?? 1));
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
  router.post('/:id/release', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    res.json(toTaskView(await tasks.release(currentUser(req), id)));
  });
  router.post('/:id/reassign', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    const body = parseOr400(reassignBody, req.body ?? {}, 'reassignment');
    res.json(toTaskView(await tasks.reassign(currentUser(req), id, body)));
  });
  router.post('/:id/skip', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    const body = parseOr400(skipBody, req.body ?? {}, 'skip');
    res.json(toTaskView(await tasks.skip(currentUser(req), id, body.justification)));
  });
  router.post('/:id/escalate', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'task id');
    res.json(toTaskView(await tasks.escalate(currentUser(req), id)));
  });
  return router;
}
