import { Router } from 'express';
import { z } from 'zod';
import { Incident, INCIDENT_STATUSES, type IncidentDoc } from '../../model';
import { currentUser, requireRole, type AuthUser } from '../auth/middleware';
import { notFound, parseOr400 } from '../http-errors';
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
  };
}

/** Incidents without a unit are city-wide; operators see those and the ones of their unit subtree. */
function scopeFilter(user: AuthUser) {
  if (user.roles.includes('admin') || user.roles.includes('leader')) return {};
  return { $or: [{ unit: { $in: user.scopeUnits } }, { unit: { $exists: false } }] };
}

export function incidentsRouter(reporter: IncidentReporter): Router {
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
  return router;
}
