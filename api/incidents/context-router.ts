import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { Task } from '../../model';
import { currentUser } from '../auth/middleware';
import { canActOn, toTaskView } from '../tasks/task-service';
import { parseOr400 } from '../http-errors';
import { incidentDiagram } from './diagram';
import type { IncidentOperations } from './operations';
import { incidentReadings } from './readings';
import { incidentTimeline } from './timeline';

const idParam = z.object({ id: z.string().min(1).max(200) });

/**
 * What the task and incident pages show around an incident: its readings as chart series, its
 * timeline, its SOP diagram with step states, and all its steps. Read-only, for anyone who may see the incident
 * (other wards' incidents are 404, via `IncidentOperations.load`).
 */
export function incidentContextRouter(ops: IncidentOperations, temporal: Client): Router {
  const router = Router();
  router.get('/:id/readings', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    res.json(await incidentReadings(await ops.load(currentUser(req), id)));
  });
  router.get('/:id/timeline', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    res.json(await incidentTimeline(await ops.load(currentUser(req), id)));
  });
  router.get('/:id/diagram', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    res.json(await incidentDiagram(temporal, await ops.load(currentUser(req), id)));
  });
  // Every step of the incident, whoever holds it: seeing the incident means seeing how it is handled.
  // `mayAct` says which of them the caller may open and work (another ward's step is 404 there).
  router.get('/:id/tasks', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    const user = currentUser(req);
    const incident = await ops.load(user, id);
    const tasks = await Task.find({ incidentId: incident._id }).sort({ createdAt: 1 }).limit(1000).lean();
    res.json({ items: tasks.map((t) => ({ ...toTaskView(t), mayAct: canActOn(user, t) })) });
  });
  return router;
}
