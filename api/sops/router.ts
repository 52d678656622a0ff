import { Router } from 'express';
import { z } from 'zod';
import cityopsDescriptor from '../../sop/cityops-moddle.json';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { checkSop } from './deploy-service';
import { designerOptions } from './designer-options';
import { deployDraft, getSop, getVersion, listSops, listVersions, requestDeploy, saveDraft } from './sop-service';

/** Largest BPMN document accepted; the limit applies to the request body, which carries the XML (see api/hardening/body-limits.ts). */
export const SOP_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const keyParam = z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters, not starting with a dash') });
const versionParams = keyParam.extend({ v: z.coerce.number().int().positive() });

const name = z.string().trim().min(1).max(200);
const bpmnXml = z.string().min(1).max(SOP_BODY_LIMIT_BYTES);
const draftBody = z.object({ name, bpmnXml }).strict();
const deployBody = z.object({ bpmnXml: bpmnXml.optional(), name: name.optional() }).strict();
const checkBody = z.object({ bpmnXml }).strict();

/**
 * `/api/sops`: drafts, dry-run checks, deploys and the designer's pickers (admins); deployed versions
 * and the moddle descriptor (any signed-in user). Under four eyes a deploy answers 202 with a change
 * request; the version goes live when another admin approves it.
 */
export function sopsRouter(policy: { fourEyes: boolean }): Router {
  const router = Router();
  // Before `/:key`, which would otherwise take it for a key.
  router.get('/moddle.json', (_req, res) => {
    res.json(cityopsDescriptor);
  });
  router.get('/designer-options', requireRole('admin'), async (_req, res) => {
    res.json(await designerOptions());
  });
  router.get('/', async (_req, res) => {
    res.json(await listSops());
  });
  router.get('/:key', async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'SOP key');
    res.json(await getSop(currentUser(req), key));
  });
  router.get('/:key/versions', async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'SOP key');
    res.json(await listVersions(key));
  });
  router.get('/:key/versions/:v', async (req, res) => {
    const { key, v } = parseOr400(versionParams, req.params, 'SOP version');
    res.json(await getVersion(key, v));
  });
  router.put('/:key', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'SOP key');
    const body = parseOr400(draftBody, req.body ?? {}, 'SOP draft');
    res.json(await saveDraft(currentUser(req), key, body));
  });
  // A dry run of the deploy: compiles and answers 200 with the problems; stores and audits nothing.
  router.post('/:key/check', requireRole('admin'), async (req, res) => {
    parseOr400(keyParam, req.params, 'SOP key');
    const { bpmnXml } = parseOr400(checkBody, req.body ?? {}, 'SOP check');
    res.json(await checkSop(bpmnXml));
  });
  router.post('/:key/deploy', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'SOP key');
    const body = parseOr400(deployBody, req.body ?? {}, 'deploy request');
    if (policy.fourEyes) {
      res.status(202).json(await requestDeploy(currentUser(req), key, body));
      return;
    }
    res.status(201).json(await deployDraft(currentUser(req), key, body));
  });
  return router;
}
