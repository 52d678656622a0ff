import { Router, type Response } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { formatVn } from './buckets';
import { flatten, objectsToCsv, toCsv } from './csv';
import type { MetricsService } from './metrics-service';
import { metricsQuery, trendsQuery, type MetricsQuery } from './schemas';
import { incidentsView, overviewView, slaView, stepsView, trendsView } from './views';

/** Sends the view as JSON, or with `format=csv` as a spreadsheet-ready download of the same numbers. */
function send(res: Response, q: MetricsQuery, view: string, json: unknown, csv: () => string) {
  if (q.format === 'json') {
    res.json(json);
    return;
  }
  const day = (d: Date) => formatVn(d).slice(0, 10); // the dates a Vietnamese reader expects
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="cityops-${view}-${day(q.from)}-${day(q.to)}.csv"`)
    .send(csv());
}

/**
 * `/api/metrics`: the leaders' numbers (handling time, SLA, slow steps, the incident map), for
 * leaders and admins. Every view takes `from`, `to`, `sop`, `unit`, `severity` and `format`.
 */
export function metricsRouter(service: MetricsService): Router {
  const router = Router();
  router.use(requireRole('admin', 'leader'));

  router.get('/overview', async (req, res) => {
    const q = parseOr400(metricsQuery, req.query, 'metrics query');
    const org = await service.org();
    const filter = service.filter(currentUser(req), q, org);
    const [incidents, open] = await Promise.all([service.periodIncidents(filter, q), service.openIncidents(filter)]);
    const view = overviewView({ period: q, incidents, open, tasks: await service.tasksOf(incidents), org, wards: org.wardsWithin(q.unit), now: new Date() });
    send(res, q, 'overview', view, () => toCsv(['field', 'value'], flatten(view)));
  });

  router.get('/trends', async (req, res) => {
    const q = parseOr400(trendsQuery, req.query, 'metrics query');
    const filter = service.filter(currentUser(req), q, await service.org());
    const [incidents, resolved] = await Promise.all([service.periodIncidents(filter, q), service.resolvedIncidents(filter, q)]);
    const view = trendsView({ period: q, bucket: q.bucket, incidents, resolved, tasks: await service.tasksOf(incidents), now: new Date() });
    send(res, q, `trends-${q.bucket}`, view, () => objectsToCsv(['start', 'opened', 'resolved', 'mttaAvgMs', 'mttrAvgMs', 'slaRatio'], view.buckets));
  });

  router.get('/sla', async (req, res) => {
    const q = parseOr400(metricsQuery, req.query, 'metrics query');
    const org = await service.org();
    const incidents = await service.periodIncidents(service.filter(currentUser(req), q, org), q);
    const view = slaView({ incidents, tasks: await service.tasksOf(incidents), org, sopNames: await service.sopNames(), now: new Date() });
    const columns = ['by', 'id', 'name', 'met', 'missed', 'overdueOpen', 'ratio'];
    const rows = [
      ...view.byUnit.map((r) => ['unit', r.unit, r.name, r.met, r.missed, r.overdueOpen, r.ratio]),
      ...view.bySop.map((r) => ['sop', r.sopKey, r.name, r.met, r.missed, r.overdueOpen, r.ratio]),
    ];
    send(res, q, 'sla', view, () => toCsv(columns, rows));
  });

  router.get('/steps', async (req, res) => {
    const q = parseOr400(metricsQuery, req.query, 'metrics query');
    const incidents = await service.periodIncidents(service.filter(currentUser(req), q, await service.org()), q);
    const view = stepsView({ incidents, tasks: await service.tasksOf(incidents), now: new Date() });
    // The diagram is for drawing, not a number: JSON only.
    const json = q.sop ? { ...view, diagram: await service.diagram(q.sop) } : view;
    const columns = ['sopKey', 'stepId', 'name', 'count', 'waitAvgMs', 'workAvgMs', 'totalAvgMs', 'totalP90Ms', 'slaMissed'] as const;
    send(res, q, 'steps', json, () => objectsToCsv([...columns], view.steps));
  });

  router.get('/incidents', async (req, res) => {
    const q = parseOr400(metricsQuery, req.query, 'metrics query');
    const org = await service.org();
    const { incidents, truncated } = await service.newestIncidents(service.filter(currentUser(req), q, org), q);
    const view = incidentsView({ incidents, org, truncated });
    const columns = ['id', 'title', 'severity', 'status', 'sopKey', 'unit', 'ward', 'lat', 'lon', 'openedAt', 'mttaMs', 'mttrMs'] as const;
    send(res, q, 'incidents', view, () => objectsToCsv([...columns], view.items));
  });

  return router;
}
