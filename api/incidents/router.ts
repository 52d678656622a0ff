import { Router } from 'express';
import { z } from 'zod';
import { Incident, INCIDENT_STATUSES, type IncidentDoc } from '../../model';
import { currentUser, requireRole } from '../auth/middleware';
import { notFound, parseOr400 } from '../http-errors';
import { cancelBody, commentBody, incidentScopeFilter, messageBody, severityBody, skipStepBody, type IncidentOperations } from './operations';
import { reportIncidentBody, type IncidentReporter } from './report-incident';

const listQuery = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    skip: z.coerce.number().int().min(0).default(0),
  })
  .strict();

function toIncidentView(i: IncidentDoc) {
  return {
    id: i._id,
    title: i.title,
    status: i.status,
    severity: i.severity,
    correlationKey: i.correlationKey,
    sopKey: i.sopKey,
    sopVersion: i.sopVersion,
    workflowId: i.workflowId,
    unit: i.unit ?? null,
    eventCount: i.eventCount ?? 0,
    detectedAt: i.detectedAt ?? null,
    openedAt: i.openedAt,
    acknowledgedAt: i.acknowledgedAt ?? null,
    resolvedAt: i.resolvedAt ?? null,
    resolution: i.resolution ?? null,
    location: i.location?.lat !== undefined ? i.location : null,
    fields: i.fields ?? {},
    failedSteps: Object.values((i.failedSteps ?? {}) as Record<string, unknown>),
    reportedBy: i.reportedBy ?? null,
  };
}

const scopeFilter = incidentScopeFilter;
const idParam = z.object({ id: z.string().min(1).max(200) }).passthrough();
const stepParam = z.object({ id: z.string().min(1).max(200), stepId: z.string().min(1).max(200) });
const messageParam = z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(200) });

export function incidentsRouter(reporter: IncidentReporter, ops: IncidentOperations): Router {
  const router = Router();
  router.post('/', requireRole('admin', 'leader', 'operator'), async (req, res) => {
    const body = parseOr400(reportIncidentBody, req.body ?? {}, 'incident report');
    const reported = await reporter.report(currentUser(req), body);
    res.status(reported.joined ? 200 : 201).json(reported);
  });
  router.get('/', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    const filter = { ...(q.status ? { status: q.status } : {}), ...scopeFilter(currentUser(req)) };
    const [items, total] = await Promise.all([Incident.find(filter).sort({ openedAt: -1 }).skip(q.skip).limit(q.limit).lean(), Incident.countDocuments(filter)]);
    res.json({ items: items.map(toIncidentView), total });
  });
  router.get('/:id', async (req, res) => {
    const id = parseOr400(z.string().min(1).max(200), req.params.id, 'incident id');
    const incident = await Incident.findOne({ _id: id, ...scopeFilter(currentUser(req)) }).lean();
    if (!incident) throw notFound('incident');
    res.json(toIncidentView(incident));
  });
  router.get('/:id/state', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    res.json(await ops.state(currentUser(req), id));
  });
  router.post('/:id/cancel', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    const body = parseOr400(cancelBody, req.body ?? {}, 'cancellation');
    res.status(202).json(await ops.cancel(currentUser(req), id, body.reason));
  });
  router.post('/:id/severity', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    const body = parseOr400(severityBody, req.body ?? {}, 'severity change');
    res.json(await ops.raiseSeverity(currentUser(req), id, body.severity, body.reason));
  });
  router.get('/:id/comments', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    res.json(await ops.comments(currentUser(req), id));
  });
  router.post('/:id/comments', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'incident id');
    const body = parseOr400(commentBody, req.body ?? {}, 'comment');
    res.status(201).json(await ops.comment(currentUser(req), id, body.text, body.kind));
  });
  router.post('/:id/messages/:name', async (req, res) => {
    const { id, name } = parseOr400(messageParam, req.params, 'message');
    const body = parseOr400(messageBody, req.body ?? {}, 'message');
    res.status(202).json(await ops.deliverMessage(currentUser(req), id, name, body.data));
  });
  router.post('/:id/steps/:stepId/retry', async (req, res) => {
    const { id, stepId } = parseOr400(stepParam, req.params, 'step');
    res.status(202).json(await ops.retryStep(currentUser(req), id, stepId));
  });
  router.post('/:id/steps/:stepId/skip', async (req, res) => {
    const { id, stepId } = parseOr400(stepParam, req.params, 'step');
    const body = parseOr400(skipStepBody, req.body ?? {}, 'skip');
    res.status(202).json(await ops.skipStep(currentUser(req), id, stepId, body.justification));
  });
  return router;
}
