import type { Server } from 'node:http';
import express from 'express';
import { ApiMetrics } from './api-metrics';
import { observeHttp } from './http-observer';

describe('observeHttp (access log and request metrics)', () => {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, msg, fields });
  const metrics = new ApiMetrics({ refresh: async () => 0 });
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(observeHttp(metrics, { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }));
    const tasks = express.Router();
    tasks.get('/:id', (_req, res) => res.json({ ok: true }));
    app.use('/api/tasks', tasks);
    app.get('/api/boom', (_req, res) => res.status(500).json({ error: 'internal error' }));
    app.use((_req, res) => res.status(404).end());
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs method, route as registered (never the raw path), status and ms; server errors at warn', async () => {
    await fetch(`${base}/api/tasks/incident%3Aflood%7Cverify`);
    await fetch(`${base}/api/boom`);
    await fetch(`${base}/api/nothing/here`);
    await fetch(`${base}/admin/main.js`);
    expect(lines).toEqual([
      { level: 'debug', msg: 'http request', fields: { method: 'GET', route: '/api/tasks/:id', status: 200, ms: expect.any(Number) } },
      { level: 'warn', msg: 'http request', fields: { method: 'GET', route: '/api/boom', status: 500, ms: expect.any(Number) } },
      { level: 'debug', msg: 'http request', fields: { method: 'GET', route: 'unmatched', status: 404, ms: expect.any(Number) } },
      { level: 'debug', msg: 'http request', fields: { method: 'GET', route: 'static', status: 404, ms: expect.any(Number) } },
    ]);
  });

  it('observes durations by route and status, and nothing stays in flight', async () => {
    const text = await metrics.registry.getSingleMetricAsString('cityops_http_request_duration_seconds');
    expect(text).toContain('cityops_http_request_duration_seconds_count{method="GET",route="/api/tasks/:id",status="200"} 1');
    expect(text).not.toContain('incident');
    expect((await metrics.httpInFlight.get()).values[0]!.value).toBe(0);
  });
});
