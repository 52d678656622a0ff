import { Router } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { createFormVersion, formUsage, getFormVersion, listFormVersions, listForms, previewValidate } from './form-service';
import { formKeyParam, formVersionBody, formVersionParam, previewBody } from './schemas';

/**
 * `/api/forms`: any signed-in user reads (operators render step forms) and may validate a test
 * submission; admins save new immutable versions, each audited.
 */
export function formsRouter(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await listForms());
  });
  router.get('/:key', async (req, res) => {
    const { key } = parseOr400(formKeyParam, req.params, 'form key');
    res.json(await getFormVersion(key));
  });
  router.get('/:key/versions', async (req, res) => {
    const { key } = parseOr400(formKeyParam, req.params, 'form key');
    res.json(await listFormVersions(key));
  });
  router.get('/:key/versions/:v', async (req, res) => {
    const { key, v } = parseOr400(formVersionParam, req.params, 'form version');
    res.json(await getFormVersion(key, v));
  });
  router.post('/:key/versions', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(formKeyParam, req.params, 'form key');
    const body = parseOr400(formVersionBody, req.body ?? {}, 'form');
    res.status(201).json(await createFormVersion(currentUser(req), key, body));
  });
  router.post('/:key/preview-validate', async (req, res) => {
    const { key } = parseOr400(formKeyParam, req.params, 'form key');
    const { data, version } = parseOr400(previewBody, req.body ?? {}, 'test submission');
    res.json(await previewValidate(key, data, version));
  });
  router.get('/:key/usage', async (req, res) => {
    const { key } = parseOr400(formKeyParam, req.params, 'form key');
    res.json(await formUsage(key));
  });
  return router;
}
