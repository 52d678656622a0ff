import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Task } from '../../model';
import { startNodeProcess } from '../../scripts/stack/node-process';
import { getFreePort, isPortOpen, tail, waitUntil } from '../../scripts/stack/processes';
import { sample } from '../support/prometheus';
import { SseClient } from '../support/sse-client';
import { DEMO_PASSWORD, TestStack, eventually, floodReading } from '../support/test-stack';

const METRICS_TOKEN = 'shutdown-scraper-token-0123456789';
/** Long enough never to run out in these tests: what is checked is that work finishes, not how fast. */
const GRACE_MS = '120000';
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sops', `${name}.bpmn`), 'utf8');
const logged = (file: string, text: string) => eventually(`"${text}" in ${path.basename(file)}`, async () => (tail(file, 200_000).includes(text) ? true : undefined), 60_000);

/**
 * Graceful shutdown of real API and worker processes. No step depends on timing: the test waits for
 * evidence (the request counted in flight, the activity's HTTP call received, the shutdown logged)
 * before each next move, and the grace periods are far longer than the work left.
 */
describe('graceful shutdown', () => {
  let stack: TestStack;
  let admin: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-shutdown-'));

  beforeAll(async () => {
    stack = await TestStack.start('shutdown');
    admin = await stack.login('admin');
    const res = await stack.request('POST', '/api/sops/it-webhook/deploy', { token: admin, body: { bpmnXml: fixture('it-webhook') } });
    if (res.status !== 201) throw new Error(`deploy it-webhook: ${res.status} ${JSON.stringify(res.body)}`);
  });
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('API on SIGTERM (then SIGINT): ends live streams, answers the request in flight, exits 0, and takes no new connection', async () => {
    const port = await getFreePort();
    const base = `http://127.0.0.1:${port}`;
    const logFile = path.join(dir, 'api.log');
    const api = startNodeProcess('api', 'api/server.ts', {
      logFile,
      env: {
        PORT: String(port),
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_NAMESPACE: stack.namespace,
        MONGODB_URI: stack.state.mongoUri,
        CITYOPS_DB_NAME: stack.dbName,
        CITYOPS_TASK_QUEUE: stack.taskQueue,
        CITYOPS_DATA_DIR: dir,
        CITYOPS_FOUR_EYES: 'off',
        CITYOPS_METRICS_TOKEN: METRICS_TOKEN,
        CITYOPS_SHUTDOWN_GRACE_MS: GRACE_MS,
        MQTT_URL: undefined,
      },
    });
    try {
      await waitUntil('api', async () => tail(logFile, 100_000).includes('api listening'), { timeoutMs: 60_000, process: api });
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      const stream = await SseClient.connect(base, token);
      expect(stream.status).toBe(200);

      // A request in flight: headers and half the body sent, the rest held back.
      const body = Buffer.from(JSON.stringify([floodReading('shutdown-1', 1.2)]));
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/events',
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
      });
      const answer = new Promise<{ status: number; connection?: string; body: unknown }>((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) }));
        });
        req.on('error', reject);
      });
      req.write(body.subarray(0, 10));
      // The server has it: in flight are the live stream, this request and the scrape asking.
      await eventually('the held request in flight', async () => {
        const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        return (sample(await res.text(), 'cityops_http_requests_in_flight') ?? 0) >= 3 ? true : undefined;
      });

      api.child.kill('SIGTERM');
      await logged(logFile, 'shutting down: not ready, finishing in-flight requests');
      // Ctrl-C under `npm start` sends SIGINT too: still one graceful stop.
      api.child.kill('SIGINT');
      await logged(logFile, 'already shutting down');
      await eventually('the live stream ended', async () => (stream.ended ? true : undefined));
      expect(await isPortOpen(port)).toBe(false); // no new connection once stopping

      req.end(body.subarray(10));
      expect(await answer).toEqual({ status: 202, connection: 'close', body: { accepted: 1, duplicates: 0, suspect: 0, rejected: [] } });
      expect(await api.exited).toBe(0);
      expect(tail(logFile, 100_000)).toContain('"msg":"api stopped"');
    } finally {
      await api.stop('SIGKILL');
    }
  });

  it('worker on SIGTERM: stops polling, finishes the activity in flight (its effect recorded once), reports not ready meanwhile, exits 0', async () => {
    // The SOP's service step calls this server; the first call is held until the worker is stopping.
    const calls: string[] = [];
    const held: http.ServerResponse[] = [];
    let mode: 'hold' | 'fail' = 'hold';
    const server = http.createServer((req, res) => {
      calls.push(`${req.method} ${req.url} ${String(req.headers['idempotency-key'])}`);
      if (mode === 'hold') held.push(res);
      else res.writeHead(503).end('down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probePort = await getFreePort();
    const probe = (p: string) => fetch(`http://127.0.0.1:${probePort}${p}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    try {
      const worker = await stack.startWorker({ CITYOPS_WORKER_HTTP_PORT: String(probePort), CITYOPS_SHUTDOWN_GRACE_MS: GRACE_MS, CITYOPS_METRICS_TOKEN: METRICS_TOKEN });
      expect((await probe('/live')).status).toBe(200);
      await eventually('worker ready', async () => ((await probe('/ready')).status === 200 ? true : undefined));

      const reported = await stack.request('POST', '/api/incidents', {
        token: admin,
        body: { severity: 'warning', sopKey: 'it-webhook', title: 'Mất nước — dừng worker', variables: { baseUrl } },
      });
      expect(reported.status).toBe(201);
      const incident = reported.body as { id: string; workflowId: string };
      await eventually('the service step calling out', async () => (held.length === 1 ? true : undefined));

      worker.child.kill('SIGTERM');
      await logged(worker.logFile, 'shutting down: not polling, finishing in-flight activities');
      const ready = await probe('/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      // (Temporal may be named too if it is slow to answer on a busy machine: what matters is the worker.)
      expect(((await ready.json()) as { notReady: string[] }).notReady).toEqual(expect.arrayContaining([expect.stringMatching(/^worker (stopping|draining|drained)$/)]));

      held[0]!.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: 'CN-7' }));
      expect(await worker.exited).toBe(0);
      expect(tail(worker.logFile, 100_000)).toContain('"msg":"worker stopped"');

      // A replacement worker carries the incident on from the recorded result: the call is not made again.
      const replacement = await stack.startWorker();
      await eventually('the next step', async () => ((await Task.exists({ incidentId: incident.id, stepId: 'follow_up' })) ? true : undefined));
      expect(calls).toHaveLength(1);
      // The next step's task is stored by an activity before its completion is recorded: read the history once
      // every activity it scheduled has an outcome.
      const handle = stack.temporalClient.workflow.getHandle(incident.workflowId);
      const events = await eventually('every scheduled activity settled in the history', async () => {
        const all = (await handle.fetchHistory()).events ?? [];
        const settled = all.filter(
          (e) => e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes || e.activityTaskCanceledEventAttributes,
        );
        return settled.length === all.filter((e) => e.activityTaskScheduledEventAttributes).length ? all : undefined;
      });
      const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runServiceTask');
      expect(scheduled).toHaveLength(1);
      expect(events.filter((e) => e.activityTaskCompletedEventAttributes)).toHaveLength(events.filter((e) => e.activityTaskScheduledEventAttributes).length);
      expect(events.filter((e) => e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes || e.activityTaskCanceledEventAttributes)).toEqual([]);
      const state = (await stack.request('GET', `/api/incidents/${incident.id}/state`, { token: admin })).body as { variables: Record<string, unknown> };
      expect(state.variables.utility).toEqual({ status: 200, body: { ticket: 'CN-7' } });
      await replacement.stop(); // the worker below must be the only one polling
    } finally {
      for (const res of held) if (!res.writableEnded) res.destroy();
      mode = 'fail';
    }

    // The activity interceptor counts failed attempts by activity type on the worker's /metrics.
    const counting = await stack.startWorker({ CITYOPS_WORKER_HTTP_PORT: String(probePort), CITYOPS_METRICS_TOKEN: METRICS_TOKEN });
    try {
      const before = calls.length;
      const failing = await stack.request('POST', '/api/incidents', {
        token: admin,
        body: { severity: 'warning', sopKey: 'it-webhook', title: 'Mất nước — lỗi', variables: { baseUrl } },
      });
      expect(failing.status).toBe(201);
      const text = await eventually('failed attempts counted', async () => {
        const t = await (await probe('/metrics')).text();
        return (sample(t, 'cityops_activity_failures_total', { activity: 'runServiceTask' }) ?? 0) >= 2 ? t : undefined;
      });
      expect(sample(text, 'cityops_activity_failures_total', { activity: 'runServiceTask' })).toBe(calls.length - before);
      expect((await fetch(`http://127.0.0.1:${probePort}/metrics`)).status).toBe(401);
    } finally {
      await counting.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
