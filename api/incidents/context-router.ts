import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { incidentDiagram } from './diagram';
import type { IncidentOperations } from './operations';
import { incidentReadings } from './readings';
import { incidentTimeline } from './timeline';

const idParam = z.object({ id: z.string().min(1).max(200) });

/**
 * What the task and incident pages show around an incident: its readings as chart series, its
 * timeline, and its SOP diagram with step states. Read-only, for anyone who may see the incident
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
  return router;
}
