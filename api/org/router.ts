import { Router } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { createUnitBody, listUnitsQuery, unitIdParam, updateUnitBody } from './schemas';
import type { UnitService } from './unit-service';

/** `/api/units`: the org tree (any signed-in user reads it; admins change it). */
export function unitsRouter(units: UnitService): Router {
  const router = Router();
  const admin = requireRole('admin');
  router.get('/', async (req, res) => {
    const { shape } = parseOr400(listUnitsQuery, req.query, 'query');
    res.json({ items: shape === 'tree' ? await units.tree() : await units.list() });
  });
  router.post('/', admin, async (req, res) => {
    res.status(201).json(await units.create(currentUser(req).username, parseOr400(createUnitBody, req.body ?? {}, 'unit')));
  });
  router.put('/:id', admin, async (req, res) => {
    const { id } = parseOr400(unitIdParam, req.params, 'unit id');
    res.json(await units.update(currentUser(req).username, id, parseOr400(updateUnitBody, req.body ?? {}, 'unit')));
  });
  router.delete('/:id', admin, async (req, res) => {
    const { id } = parseOr400(unitIdParam, req.params, 'unit id');
    await units.remove(currentUser(req).username, id);
    res.status(204).end();
  });
  return router;
}
