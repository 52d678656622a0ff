import type { Request, RequestHandler } from 'express';
import type { Logger } from '../../platform/log';
import { signedInUser } from '../auth/middleware';
import type { ApiMetrics } from './api-metrics';

/**
 * The route a request matched, as registered (`/api/tasks/:id/claim`), so metrics and logs group
 * by route rather than by id; `/api/*` paths nothing matched are `unmatched`, everything else (the
 * UIs' files) is `static` — never the raw path, which would give every id a series of its own.
 */
export function routeOf(req: Request): string {
  const path = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path === '/' ? '' : path}` || '/';
  if (req.originalUrl === '/metrics') return '/metrics';
  return req.originalUrl.startsWith('/api') ? 'unmatched' : 'static';
}

/**
 * First middleware of the app: counts the request in flight, and when its answer is finished (or
 * the client went away) observes its duration by route and status and writes one access-log line:
 * `debug` for answers below 500, `warn` for server errors.
 */
export function observeHttp(metrics: ApiMetrics, log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    metrics.httpInFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      metrics.httpInFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client closed the connection first
      metrics.httpSeconds.observe({ method: req.method, route, status: String(status) }, seconds);
      const user = signedInUser(req)?.username;
      const line = { method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10, ...(user ? { user } : {}) };
      if (status >= 500) log.warn('http request', line);
      else log.debug('http request', line);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
