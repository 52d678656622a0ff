import { Incident, StoredEvent, Task } from '../../model';
import { incidentStateQuery } from '../../workflows/definitions';
import { TestStack, eventually, floodReading } from '../support/test-stack';

/**
 * The first incident end to end, on the real Temporal dev server and FerretDB: a flood reading
 * opens an incident, operators work the SOP's steps through the HTTP API, and the incident resolves.
 */
describe('first incident, end to end', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;
  let otherWardOperator: string;

  beforeAll(async () => {
    stack = await TestStack.start('first_incident');
    await stack.startWorker();
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
    otherWardOperator = await stack.login('operator.tienthanh');
  });
  afterAll(async () => stack?.close());

  const openIncidents = async () => (await stack.request('GET', '/api/incidents?status=open', { token: admin })).body as { items: any[]; total: number };
  const unitTasks = async (token: string) => (await stack.request('GET', '/api/tasks?scope=unit', { token })).body as { items: any[]; total: number };

  it('reports both servers healthy, and refuses requests without a token', async () => {
    const health = await stack.request('GET', '/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', temporal: 'up', database: 'up', mqtt: 'off' } });
    expect((await stack.request('GET', '/api/incidents')).status).toBe(401);
    expect((await stack.request('GET', '/api/tasks', { token: 'not-a-token' })).status).toBe(401);
    expect((await stack.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong' } })).status).toBe(401);
  });

  it('stores valid readings, rejects invalid ones by index, and counts a repeated id as a duplicate', async () => {
    const res = await stack.request('POST', '/api/events', {
      token: admin,
      body: [
        floodReading('r-100', 3.2),
        floodReading('r-100', 3.2),
        { id: 'bad', source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', value: 2, observedAt: 'yesterday' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].index).toBe(2);
    expect(res.body.rejected[0].error).toContain('observedAt');
    // Stored before the 202: readable right away, exactly once.
    expect(await StoredEvent.countDocuments({ eventId: 'r-100' })).toBe(1);
  });

  it('opens one incident with a running workflow on Temporal', async () => {
    const incidents = await eventually('incident opened', async () => {
      const list = await openIncidents();
      return list.total === 1 ? list : undefined;
    });
    const incident = incidents.items[0];
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'critical',
      correlationKey: 'flood:suoi-rat',
      sopKey: 'flood-response',
      sopVersion: 1,
      workflowId: 'incident:flood:suoi-rat',
      acknowledgedAt: null,
      resolvedAt: null,
    });
    expect(new Date(incident.openedAt).getTime()).toBeGreaterThan(0);
    const description = await stack.temporalClient.workflow.getHandle(incident.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.runId).toBe(incident.id);
  });

  it('joins a second reading for the same correlation key to the open incident', async () => {
    const res = await stack.request('POST', '/api/events', { token: admin, body: [floodReading('r-101', 3.4)] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, suspect: 0, rejected: [] });
    const joined = await eventually('reading joined', async () => {
      const doc = await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean();
      return doc && doc.eventCount === 2 ? doc : undefined;
    });
    expect(joined.recentEvents).toEqual(['flood-sensor/suoi-rat-bridge-11|r-100', 'flood-sensor/suoi-rat-bridge-11|r-101']);
    expect((await openIncidents()).total).toBe(1);
    const runs = [];
    for await (const wf of stack.temporalClient.workflow.list({ query: `WorkflowId = 'incident:flood:suoi-rat'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
  });

  it('assigns the first step to the Tân Phú ward only', async () => {
    const tasks = await eventually('first task', async () => {
      const list = await unitTasks(operator);
      return list.total === 1 ? list : undefined;
    });
    expect(tasks.items[0]).toMatchObject({ stepId: 'verify', status: 'open', unit: 'tan-phu', formKey: 'flood-verify', assignee: null });
    expect(new Date(tasks.items[0].dueAt).getTime()).toBeGreaterThan(Date.now());
    expect((await unitTasks(otherWardOperator)).total).toBe(0);
    const denied = await stack.request('POST', `/api/tasks/${encodeURIComponent(tasks.items[0].id)}/claim`, { token: otherWardOperator });
    expect(denied.status).toBe(404);
  });

  it('lets exactly one of two racing claims win', async () => {
    const [task] = (await unitTasks(operator)).items;
    const url = `/api/tasks/${encodeURIComponent(task.id)}/claim`;
    const [a, b] = await Promise.all([stack.request('POST', url, { token: operator }), stack.request('POST', url, { token: admin })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'operator.tanphu' : 'admin';
    expect((await Task.findById(task.id).lean())?.assignee).toBe(winner);
    if (winner !== 'operator.tanphu') {
      // Hand it to the ward operator for the rest of the flow.
      await Task.updateOne({ _id: task.id }, { $set: { assignee: 'operator.tanphu' } });
    }
    const incident = (await openIncidents()).items[0];
    expect(incident.acknowledgedAt).not.toBeNull();
  });

  it('rejects an invalid form submission with 400 naming the field, and the workflow does not move', async () => {
    const [task] = (await unitTasks(operator)).items;
    const res = await stack.request('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { token: operator, body: { data: { confirmed: 'yes' } } });
    expect(res.status).toBe(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['data.confirmed', 'data.notes']);
    const state = await stack.temporalClient.workflow.getHandle('incident:flood:suoi-rat').query(incidentStateQuery);
    expect(state.pendingTaskIds).toEqual([task.id]);
    expect(state.completedSteps).toEqual([]);
    expect((await Task.findById(task.id).lean())?.status).toBe('claimed');
  });

  it('completes both steps and resolves the incident with its handling times', async () => {
    const [verify] = (await unitTasks(operator)).items;
    const done = await stack.request('POST', `/api/tasks/${encodeURIComponent(verify.id)}/complete`, {
      token: operator,
      body: { data: { confirmed: true, notes: 'Camera cầu 11: nước tràn mặt đường', ignored: 'x' } },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect((await Task.findById(verify.id).lean())?.data).toEqual({ confirmed: true, notes: 'Camera cầu 11: nước tràn mặt đường' });

    // Completing the same task again is refused.
    const again = await stack.request('POST', `/api/tasks/${encodeURIComponent(verify.id)}/complete`, { token: operator, body: { data: { confirmed: true, notes: 'again' } } });
    expect(again.status).toBe(409);

    const next = await eventually('second step', async () => {
      const list = await unitTasks(operator);
      return list.items.find((t) => t.stepId === 'notify_close');
    });
    expect((await stack.request('POST', `/api/tasks/${encodeURIComponent(next.id)}/claim`, { token: operator })).status).toBe(200);
    const finish = await stack.request('POST', `/api/tasks/${encodeURIComponent(next.id)}/complete`, {
      token: operator,
      body: { data: { residentsNotified: true, roadClosed: true } },
    });
    expect(finish.status).toBe(200);

    const resolved = await eventually('incident resolved', async () => {
      const doc = await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean();
      return doc?.status === 'resolved' ? doc : undefined;
    });
    expect(resolved.resolution).toBe('Đã xử lý');
    expect(resolved.openedAt.getTime()).toBeLessThanOrEqual(resolved.acknowledgedAt!.getTime());
    expect(resolved.acknowledgedAt!.getTime()).toBeLessThanOrEqual(resolved.resolvedAt!.getTime());
    expect((await openIncidents()).total).toBe(0);
    const result = await stack.temporalClient.workflow.getHandle('incident:flood:suoi-rat').result();
    expect(result.resolution).toBe('Đã xử lý');
    expect(await Task.countDocuments({ incidentId: resolved._id })).toBe(2);
  });
});
