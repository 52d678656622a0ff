import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createApp } from '../../api/app';
import { Audit, Incident, Task } from '../../model';
import { createTemporalClient } from '../../platform/temporal';
import { incidentStateQuery } from '../../workflows/definitions';
import { DEMO_PASSWORD, TestStack, eventually } from '../support/test-stack';

/** Incidents opened by hand through `POST /api/incidents`, run by a real worker. */
describe('incidents opened by hand', () => {
  let stack: TestStack;
  let operator: string;
  let leader: string;

  beforeAll(async () => {
    stack = await TestStack.start('manual_incident');
    await stack.startWorker();
    operator = await stack.login('operator.tanphu');
    leader = await stack.login('leader');
  });
  afterAll(async () => stack?.close());

  const report = (token: string | undefined, body: unknown) => stack.request('POST', '/api/incidents', { ...(token ? { token } : {}), body });
  const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();
  const tree = {
    sopKey: 'flood-response',
    title: 'Cây đổ chắn đường Phú Riềng Đỏ',
    severity: 'warning',
    location: { lat: 11.5412, lon: 106.8901 },
    variables: { channel: 'hotline', reportedBy: 'someone-else' },
    correlationKey: 'manual:tree-phu-rieng-do',
  };

  it('opens an incident (201), runs its SOP, and audits who reported it', async () => {
    const res = await report(operator, tree);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), workflowId: 'incident:manual:tree-phu-rieng-do', correlationKey: 'manual:tree-phu-rieng-do', joined: false });
    const { id, workflowId } = res.body;

    const incident = await eventually('incident read model', async () => (await Incident.findById(id).lean()) ?? undefined);
    // The operator named no unit: the incident belongs to their own ward.
    expect(incident).toMatchObject({
      workflowId,
      correlationKey: 'manual:tree-phu-rieng-do',
      title: tree.title,
      status: 'open',
      severity: 'warning',
      sopKey: 'flood-response',
      sopVersion: 1,
      unit: 'tan-phu',
    });

    const task = await eventually('first task', async () => (await Task.findOne({ incidentId: id }).lean()) ?? undefined);
    expect(task).toMatchObject({ stepId: 'verify', status: 'open', unit: 'tan-phu', workflowId });

    // Location and reporter reach the SOP's variables; the reporter cannot be set by the caller.
    const state = await stack.temporalClient.workflow.getHandle(workflowId).query(incidentStateQuery);
    expect(state.variables).toMatchObject({ channel: 'hotline', location: tree.location, reportedBy: 'operator.tanphu' });

    const entries = await Audit.find({ action: 'incident.reported', entityId: id }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'operator.tanphu',
      entity: 'incident',
      after: { correlationKey: 'manual:tree-phu-rieng-do', workflowId, joined: false, unit: 'tan-phu' },
    });
  });

  it('joins the open incident when the same correlation key is reported again (200)', async () => {
    const first = await Incident.findOne({ correlationKey: 'manual:tree-phu-rieng-do' }).lean();
    const again = await report(leader, { ...tree, title: 'Cây đổ (báo lần 2)', severity: 'critical' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first!._id, workflowId: 'incident:manual:tree-phu-rieng-do', correlationKey: 'manual:tree-phu-rieng-do', joined: true });

    expect(await Incident.countDocuments({ correlationKey: 'manual:tree-phu-rieng-do' })).toBe(1);
    const runs = [];
    for await (const wf of stack.temporalClient.workflow.list({ query: `WorkflowId = 'incident:manual:tree-phu-rieng-do'` })) runs.push(wf.runId);
    expect(runs).toEqual([first!._id]);
    expect(await Audit.countDocuments({ action: 'incident.reported', entityId: first!._id })).toBe(2);
    expect(await Audit.findOne({ action: 'incident.reported', actor: 'leader' }).lean()).toMatchObject({ after: { joined: true } });
  });

  it('starts exactly one incident when two reports of a new key race', async () => {
    const body = { ...tree, correlationKey: 'manual:race' };
    const [a, b] = await Promise.all([report(operator, body), report(leader, body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect([a.body.joined, b.body.joined].sort()).toEqual([false, true]);
  });

  it('generates a manual correlation key when none is given, and lets a leader pick any unit', async () => {
    const res = await report(leader, { sopKey: 'flood-response', title: 'Ngập cục bộ', severity: 'info', unit: 'tien-thanh' });
    expect(res.status).toBe(201);
    expect(res.body.correlationKey).toMatch(/^manual:[0-9a-f-]{36}$/);
    expect(res.body.workflowId).toBe(`incident:${res.body.correlationKey}`);
    const incident = await eventually('incident read model', async () => (await Incident.findById(res.body.id).lean()) ?? undefined);
    expect(incident.unit).toBe('tien-thanh');
  });

  it('rejects an SOP that is not deployed (422), a bad body (400), and a unit outside the operator’s ward (403)', async () => {
    const unknownSop = await report(operator, { ...tree, sopKey: 'no-such-sop', correlationKey: 'manual:x1' });
    expect(unknownSop.status).toBe(422);
    expect(fieldsOf(unknownSop.body)).toEqual(['sopKey']);

    const badSeverity = await report(operator, { ...tree, severity: 'urgent', correlationKey: 'manual:x2' });
    expect(badSeverity.status).toBe(400);
    expect(fieldsOf(badSeverity.body)).toEqual(['severity']);
    const badLocation = await report(operator, { ...tree, location: { lat: 200, lon: 106 }, title: '', correlationKey: 'manual:x3' });
    expect(badLocation.status).toBe(400);
    expect(fieldsOf(badLocation.body)).toEqual(['location.lat', 'title']);

    const otherWard = await report(operator, { ...tree, unit: 'tien-thanh', correlationKey: 'manual:x4' });
    expect(otherWard.status).toBe(403);
    const unknownUnit = await report(leader, { ...tree, unit: 'no-such-ward', correlationKey: 'manual:x5' });
    expect(unknownUnit.status).toBe(422);
    expect(fieldsOf(unknownUnit.body)).toEqual(['unit']);

    expect((await report(undefined, tree)).status).toBe(401);
    // None of the rejected reports started anything.
    expect(await Incident.countDocuments({ correlationKey: { $in: ['manual:x1', 'manual:x2', 'manual:x3', 'manual:x4', 'manual:x5'] } })).toBe(0);
  });

  it('answers 503 with Retry-After when Temporal cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe: Server = createServer().listen(0, '127.0.0.1', () => {
        const addr = probe.address();
        probe.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
      });
    });
    const temporal = createTemporalClient(`127.0.0.1:${closedPort}`, 'default');
    const down = createApp({ temporal, taskQueue: stack.taskQueue, tokenSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 60 });
    const server = await new Promise<Server>((resolve) => {
      const s = down.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const addr = server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      const res = await fetch(`${base}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...tree, correlationKey: 'manual:temporal-down' }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: expect.stringContaining('unavailable') });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.connection.close();
    }
  });
});
