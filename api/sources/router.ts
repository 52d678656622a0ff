import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { SOURCE_TYPES } from './catalogue';
import { parseLatLon } from './distance';
import { createSourceInput, updateSourceInput, type SourceService } from './source-service';

const idParam = z.object({ id: z.string().min(1).max(200) });
const keyParam = z.object({ id: z.string().min(1).max(200), keyId: z.string().min(1).max(50) });
const listQuery = z
  .object({
    type: z.string().max(50).optional(),
    unit: z.string().max(100).optional(),
    /** `lat,lon`: only sources within `radiusKm` of it (default 2 km), nearest first, with their `distanceKm`. */
    near: z
      .string()
      .max(60)
      .transform((text, ctx) => parseLatLon(text) ?? (ctx.addIssue({ code: 'custom', message: 'expected lat,lon' }), z.NEVER))
      .optional(),
    radiusKm: z.coerce.number().positive().max(50).optional(),
  })
  .strict()
  .refine((q) => q.radiusKm === undefined || q.near !== undefined, { message: 'radiusKm needs near=lat,lon', path: ['radiusKm'] });

/**
 * `/api/sources` — the registry. Reads for any signed-in user, limited to the sources of their unit
 * subtree (a ward operator sees the ward's sensors, e.g. those near an incident on its map);
 * changes and API keys for admins.
 * Source ids contain a slash: clients send them URL-encoded (`flood-sensor%2Fsuoi-rat-bridge-11`).
 */
export function sourcesRouter(sources: SourceService): Router {
  const router = Router();
  const admin = requireRole('admin');
  router.get('/', async (req, res) => {
    res.json(await sources.list(currentUser(req).scopeUnits, parseOr400(listQuery, req.query, 'query')));
  });
  router.get('/types', (_req, res) => {
    res.json(SOURCE_TYPES);
  });
  router.get('/:id', async (req, res) => {
    res.json(await sources.get(currentUser(req).scopeUnits, parseOr400(idParam, req.params, 'source id').id));
  });
  router.post('/', admin, async (req, res) => {
    res.status(201).json(await sources.create(currentUser(req).username, parseOr400(createSourceInput, req.body, 'source')));
  });
  router.put('/:id', admin, async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'source id');
    res.json(await sources.update(currentUser(req).username, id, parseOr400(updateSourceInput, req.body, 'source')));
  });
  router.delete('/:id', admin, async (req, res) => {
    await sources.remove(currentUser(req).username, parseOr400(idParam, req.params, 'source id').id);
    res.status(204).end();
  });
  router.get('/:id/keys', admin, async (req, res) => {
    res.json(await sources.listKeys(parseOr400(idParam, req.params, 'source id').id));
  });
  router.post('/:id/keys', admin, async (req, res) => {
    res.status(201).json(await sources.createKey(currentUser(req).username, parseOr400(idParam, req.params, 'source id').id));
  });
  router.delete('/:id/keys/:keyId', admin, async (req, res) => {
    const { id, keyId } = parseOr400(keyParam, req.params, 'key');
    await sources.revokeKey(currentUser(req).username, id, keyId);
    res.status(204).end();
  });
  return router;
}
