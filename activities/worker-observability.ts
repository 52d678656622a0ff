import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActivityInterceptorsFactory, NativeConnection, Worker } from '@temporalio/worker';
import { bearerMatches } from '../platform/bearer';
import { errorFields, type Logger } from '../platform/log';

/** The worker's Prometheus metrics (its own process, its own registry). */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly activityFailures = new Counter({
    name: 'cityops_activity_failures_total',
    help: 'Activity attempts that failed (threw or were cancelled), by activity type; Temporal retries them per their retry policy.',
    labelNames: ['activity'] as const,
    registers: [this.registry],
  });
  readonly activitySeconds = new Histogram({
    name: 'cityops_activity_duration_seconds',
    help: 'Activity attempt duration by activity type and outcome (ok, failed).',
    labelNames: ['activity', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/**
 * A Temporal activity interceptor: times every attempt, counts failures by activity type and logs
 * them with the workflow id, so a failing step can be found by incident.
 */
export function observeActivities(metrics: WorkerMetrics, log: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType: activity, attempt, workflowExecution } = ctx.info;
        const started = performance.now();
        try {
          const result = await next(input);
          metrics.activitySeconds.observe({ activity, outcome: 'ok' }, (performance.now() - started) / 1000);
          return result;
        } catch (err) {
          metrics.activitySeconds.observe({ activity, outcome: 'failed' }, (performance.now() - started) / 1000);
          metrics.activityFailures.inc({ activity });
          log.warn('activity attempt failed', { ...(workflowExecution ? { workflowId: workflowExecution.workflowId } : {}), activity, attempt, ...errorFields(err) });
          throw err;
        }
      },
    },
  });
}

/** Seconds a not-ready answer asks the prober to wait. */
const RETRY_SECONDS = 5;

/**
 * The worker's own small HTTP listener on 127.0.0.1: `/live` (the process answers), `/ready` (the
 * worker is running and Temporal answers; 503 naming what is not, with Retry-After), `/metrics`
 * (Prometheus; the bearer CITYOPS_METRICS_TOKEN when one is set — it listens on loopback only).
 */
export async function startWorkerHttp(
  port: number,
  deps: { worker: Pick<Worker, 'getState'>; connection: Pick<NativeConnection, 'withDeadline' | 'workflowService'>; metrics: WorkerMetrics; token?: string },
): Promise<{ port: number; close: () => Promise<void> }> {
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { error: 'GET only' });
    if (path === '/live') return json(res, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    if (path === '/ready') {
      void readiness(deps).then((notReady) =>
        notReady.length ? json(res, 503, { status: 'not-ready', notReady }, { 'Retry-After': String(RETRY_SECONDS) }) : json(res, 200, { status: 'ready' }),
      );
      return;
    }
    if (path === '/metrics') {
      if (deps.token && !bearerMatches(req, deps.token)) return json(res, 401, { error: 'metrics need the bearer CITYOPS_METRICS_TOKEN' });
      void deps.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text),
        (err: unknown) => json(res, 500, { error: errorFields(err).error }),
      );
      return;
    }
    json(res, 404, { error: 'not found: /live, /ready, /metrics' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readiness(deps: { worker: Pick<Worker, 'getState'>; connection: Pick<NativeConnection, 'withDeadline' | 'workflowService'> }): Promise<string[]> {
  const notReady: string[] = [];
  const state = deps.worker.getState();
  if (state !== 'RUNNING') notReady.push(`worker ${state.toLowerCase()}`);
  await deps.connection.withDeadline(Date.now() + 2000, () => deps.connection.workflowService.getSystemInfo({})).catch(() => notReady.push('temporal'));
  return notReady;
}
