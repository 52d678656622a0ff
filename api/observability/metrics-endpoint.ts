import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Registry } from 'prom-client';
import { currentUser, type RequireAuth } from '../auth/middleware';
import { forbidden } from '../http-errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time (over digests, so lengths leak nothing either). */
export function bearerMatches(req: Pick<Request, 'headers'>, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

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
