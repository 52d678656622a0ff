import { Router } from 'express';
import type { Registry } from 'prom-client';
import { bearerMatches } from '../../platform/bearer';
import { currentUser, type RequireAuth } from '../auth/middleware';
import { forbidden } from '../http-errors';

/**
 * `GET /metrics` — Prometheus text format 0.0.4. Not public: a scraper presents the bearer
 * `CITYOPS_METRICS_TOKEN`; otherwise it takes an admin's session (others get 401/403 as elsewhere).
 */
export function metricsEndpoint(registry: Registry, opts: { token?: string; requireAuth: RequireAuth }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!bearerMatches(req, opts.token)) {
      await opts.requireAuth(req, res, () => undefined); // throws 401 without a live session
      if (!currentUser(req).roles.includes('admin')) throw forbidden('GET /metrics is for admins and the metrics scraper');
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
