import mongoose from 'mongoose';
import { Outbox, StoredEvent } from '../../model';
import { connectDatabase } from '../../platform/database';
import { sample } from '../support/prometheus';
import { TestStack, eventually, floodReading } from '../support/test-stack';

const METRICS_TOKEN = 'scraper-token-0123456789abcdef';
const LIMIT = 3;

/** A citizen report: the demo rule opens one incident per report, so each one queues one outbox record. */
const report = (id: string) => ({ id, source: `citizen-report/ops-${id}`, metric: 'report', value: 'rac-thai', observedAt: new Date().toISOString() });

/**
 * Operational basics on a real stack: liveness and readiness, the Prometheus endpoint (who may read
 * it, and that its numbers move with the work), and back-pressure when the outbox is too deep.
 */
describe('operations: health, metrics, back-pressure', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('operations', { deps: { metricsToken: METRICS_TOKEN, outboxMaxDepth: LIMIT } });
    await stack.startWorker();
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  const scrape = async () => {
    const res = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('answers liveness and readiness to anyone, and keeps /api/health as it was', async () => {
    expect(await stack.request('GET', '/api/health/live')).toEqual({ status: 200, body: { status: 'ok', uptimeSeconds: expect.any(Number) } });
    expect(await stack.request('GET', '/api/health/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await stack.request('GET', '/api/health')).body).toMatchObject({ status: 'ok', temporal: 'up', database: 'up' });
  });

  it('serves /metrics in Prometheus text format to the scraper token and to admins only', async () => {
    const withToken = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await withToken.text();
    for (const name of ['cityops_outbox_depth', 'cityops_http_requests_in_flight', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds'])
      expect(sample(text, name)).toEqual(expect.any(Number));
    expect(sample(text, 'cityops_open_incidents', { severity: 'critical' })).toBe(0);

    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${operator}` } })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
  });

  it('counts ingested events by channel and outcome, rule evaluations, and requests by route', async () => {
    const before = await scrape();
    const res = await stack.request('POST', '/api/events', {
      token: admin,
      body: [floodReading('ops-1', 3.2), floodReading('ops-1', 3.2), { id: 'bad', source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', value: 1 }],
    });
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved('cityops_ingest_events_total', { channel: 'http', outcome: 'accepted' })).toBe(1);
    expect(moved('cityops_ingest_events_total', { channel: 'http', outcome: 'duplicate' })).toBe(1);
    expect(moved('cityops_ingest_events_total', { channel: 'http', outcome: 'rejected' })).toBe(1);
    // The reading is read by both flood rules (level and forecast).
    expect(moved('cityops_rule_evaluations_total')).toBe(2);
    expect(moved('cityops_rule_evaluation_seconds_count')).toBe(1);
    expect(moved('cityops_http_request_duration_seconds_count', { method: 'POST', route: '/api/events', status: '202' })).toBe(1);
  });

  it('reports open incidents by severity, and observes a completed step in the task latency histograms', async () => {
    const task = await eventually('the flood incident’s first step', async () => {
      const list = (await stack.request('GET', '/api/tasks?scope=unit', { token: operator })).body as { items: { id: string; stepId: string }[] };
      return list.items.find((t) => t.stepId === 'verify');
    });
    const incidents = await eventually('open incidents counted', async () => {
      const text = await scrape();
      return sample(text, 'cityops_open_incidents', { severity: 'critical' }) === 1 ? text : undefined;
    });
    expect(sample(incidents, 'cityops_open_incidents', { severity: 'info' })).toBe(0);
    const url = `/api/tasks/${encodeURIComponent(task.id)}`;
    expect((await stack.request('POST', `${url}/claim`, { token: operator })).status).toBe(200);
    const done = await stack.request('POST', `${url}/complete`, { token: operator, body: { data: { confirmed: true, notes: 'đã xem camera' } } });
    expect(done.status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'cityops_task_wait_seconds_count')).toBe(1);
    expect(sample(text, 'cityops_task_work_seconds_count')).toBe(1);
    expect(sample(text, 'cityops_http_request_duration_seconds_count', { method: 'POST', route: '/api/tasks/:id/complete', status: '200' })).toBe(1);
  });

  it('refuses ingest with 429 and Retry-After while the outbox is at its limit, stores nothing then, and recovers once it drains', async () => {
    await eventually('outbox drained', async () => ((await Outbox.countDocuments({})) === 0 ? true : undefined));
    await stack.app.dispatcher.stop(); // as if Temporal could not take work: the outbox only grows
    // The estimate as the database has it now (a read racing the last deliveries may have left it high for a second).
    expect(await stack.app.dispatcher.depth.sync()).toBe(0);
    for (let i = 1; i <= LIMIT; i++) expect((await stack.request('POST', '/api/events', { token: admin, body: [report(`bp-${i}`)] })).status).toBe(202);
    expect(await Outbox.countDocuments({})).toBe(LIMIT);
    expect(sample(await scrape(), 'cityops_outbox_depth')).toBe(LIMIT);

    const refused = await fetch(`${stack.baseUrl}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify([report('bp-over')]),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining('retry after'), details: { reason: 'outbox-full', depth: LIMIT, limit: LIMIT } });
    expect(await StoredEvent.exists({ eventId: 'bp-over' })).toBeNull();
    expect(await Outbox.countDocuments({})).toBe(LIMIT);
    expect(sample(await scrape(), 'cityops_ingest_events_total', { channel: 'http', outcome: 'throttled' })).toBe(1);

    stack.app.dispatcher.start();
    await eventually('outbox drained by the dispatcher', async () => ((await Outbox.countDocuments({})) === 0 ? true : undefined));
    // Within a second of draining (the next read of the depth); a refused batch stored nothing, so sending it again is safe.
    const again = await eventually('ingest accepting again', async () => {
      const res = await stack.request('POST', '/api/events', { token: admin, body: [report('bp-over')] });
      return res.status === 202 ? res : undefined;
    });
    expect(again.body.accepted).toBe(1);
  });

  it('answers readiness 503 naming the database while it is unreachable, liveness still 200, and ready again once it is back', async () => {
    await mongoose.disconnect();
    try {
      const ready = await fetch(`${stack.baseUrl}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(await ready.json()).toEqual({ status: 'not-ready', notReady: ['database'] });
      expect((await stack.request('GET', '/api/health/live')).status).toBe(200);
    } finally {
      await connectDatabase(stack.state.mongoUri, stack.dbName);
    }
    expect((await stack.request('GET', '/api/health/ready')).status).toBe(200);
  });

  it('answers readiness 503 (Retry-After, naming why) once shutting down, while liveness stays 200', async () => {
    stack.app.lifecycle.beginShutdown();
    const ready = await fetch(`${stack.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toEqual({ status: 'not-ready', notReady: ['shutting-down'] });
    expect((await stack.request('GET', '/api/health/live')).status).toBe(200);
  });
});
