import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createApp } from '../../api/app';
import { Incident, Task } from '../../model';
import { createTemporalClient } from '../../platform/temporal';
import { DEMO_PASSWORD, TestStack, eventually, floodReading } from '../support/test-stack';

/**
 * What the operator app's task and incident pages read around an incident — the inbox list, the
 * step's form, readings, timeline, SOP diagram and nearby sources — on the real servers, with a
 * flood incident of Tân Phú opened by readings and a hand-reported incident of Tiến Thành.
 */
describe('incident context for the operator app', () => {
  let stack: TestStack;
  let admin: string;
  let leader: string;
  let operator: string;
  let otherWard: string;
  let flood: { id: string; title: string; location: { lat: number; lon: number } };
  let elsewhere: string;
  const started = Date.now();

  beforeAll(async () => {
    stack = await TestStack.start('incident_context');
    await stack.startWorker();
    admin = await stack.login('admin');
    leader = await stack.login('leader');
    operator = await stack.login('operator.tanphu');
    otherWard = await stack.login('operator.tienthanh');
  });
  afterAll(async () => stack?.close());

  const get = (token: string, path: string) => stack.request('GET', path, { token });
  const enc = encodeURIComponent;
  const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();
  const tasksOf = async (incidentId: string) => Task.find({ incidentId }).sort({ createdAt: 1 }).lean();

  it('opens a flood incident from readings and a hand-reported one in another ward', async () => {
    const old = new Date(started - 5 * 3600_000).toISOString();
    const post = (body: unknown[]) => stack.request('POST', '/api/events', { token: admin, body });
    expect((await post([floodReading('ctx-old', 1.1, old), floodReading('ctx-1', 3.2, new Date(started - 60_000).toISOString())])).body).toMatchObject({
      accepted: 2,
      rejected: [],
    });
    await eventually('flood incident', async () => (await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean()) ?? undefined);
    expect((await post([floodReading('ctx-2', 3.4, new Date(started).toISOString())])).body).toMatchObject({ accepted: 1, rejected: [] });
    const doc = await eventually('second reading joined', async () => {
      const i = await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean();
      return i && i.eventCount === 2 ? i : undefined;
    });
    flood = { id: doc._id, title: doc.title, location: doc.location as { lat: number; lon: number } };
    await eventually('verify step', async () => (await tasksOf(flood.id))[0]);

    const reported = await stack.request('POST', '/api/incidents', {
      token: leader,
      body: { sopKey: 'flood-response', title: 'Ngập đường Tiến Thành', severity: 'warning', unit: 'tien-thanh', location: { lat: 11.5601, lon: 106.9102 } },
    });
    expect(reported.status).toBe(201);
    elsewhere = reported.body.id;
    await eventually('its verify step', async () => (await tasksOf(elsewhere))[0]);
  });

  it('lists the inbox with each task’s incident, by SLA or by creation, within the caller’s scope', async () => {
    const [floodVerify] = await tasksOf(flood.id);
    const [otherVerify] = await tasksOf(elsewhere);
    // The flood step is due last; a step the Tân Phú operator has claimed in Tiến Thành has no due time and is the oldest
    // (claimed while the others are open: the list merges its statuses in one order).
    await Task.updateOne({ _id: floodVerify!._id }, { $set: { dueAt: new Date(Date.now() + 2 * 3600_000) } });
    await Task.collection.insertOne({
      _id: `${elsewhere}:hand-over:1`,
      incidentId: elsewhere,
      workflowId: otherVerify!.workflowId,
      stepId: 'hand-over',
      name: 'Bàn giao hiện trường',
      status: 'claimed',
      unit: 'tien-thanh',
      candidateUser: 'operator.tanphu',
      assignee: 'operator.tanphu',
      claimedAt: new Date(started - 1800_000),
      claimGeneration: 1,
      skippable: false,
      createdAt: new Date(started - 3600_000),
    } as never);

    const bySla = await get(operator, '/api/tasks?scope=all&sort=sla');
    expect(bySla.status).toBe(200);
    expect(bySla.body.total).toBe(3);
    expect(bySla.body.items.map((t: { id: string }) => t.id)).toEqual([otherVerify!._id, floodVerify!._id, `${elsewhere}:hand-over:1`]);
    expect(bySla.body.items[1].incident).toEqual({ id: flood.id, title: flood.title, severity: 'critical', status: 'open', location: flood.location });
    expect(bySla.body.items[0].incident).toEqual({ id: elsewhere, title: 'Ngập đường Tiến Thành', severity: 'warning', status: 'open', location: { lat: 11.5601, lon: 106.9102 } });

    const byCreation = await get(operator, '/api/tasks?scope=all&sort=created');
    expect(byCreation.body.items.map((t: { id: string }) => t.id)).toEqual([`${elsewhere}:hand-over:1`, floodVerify!._id, otherVerify!._id]);

    // The unit scope holds the ward's steps only; the other ward's operator sees just what is in their ward.
    expect((await get(operator, '/api/tasks?scope=unit&sort=sla')).body.items.map((t: { id: string }) => t.id)).toEqual([otherVerify!._id, floodVerify!._id]);
    expect((await get(otherWard, '/api/tasks?scope=all')).body.items.map((t: { id: string }) => t.id)).toEqual([`${elsewhere}:hand-over:1`]);
    expect((await get(admin, '/api/tasks?scope=all')).body.total).toBe(3);

    const bad = await get(operator, '/api/tasks?scope=everything&sort=due');
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['scope', 'sort']);
  });

  it('answers a delta fetch of named tasks with the same scope and status rules as the list', async () => {
    const [floodVerify] = await tasksOf(flood.id);
    const handOver = `${elsewhere}:hand-over:1`;
    const delta = (token: string, scope: string, ids: string[]) => get(token, `/api/tasks?scope=${scope}&ids=${ids.map(enc).join(',')}`);

    // Tân Phú's unit scope holds its own step; the step offered to its operator in Tiến Thành is in `all` only; unknown ids are absent.
    const unit = await delta(operator, 'unit', [floodVerify!._id, handOver, 'no-such-task']);
    expect(unit.status).toBe(200);
    expect(unit.body.items.map((t: { id: string }) => t.id)).toEqual([floodVerify!._id]);
    expect(unit.body.items[0].incident).toEqual({ id: flood.id, title: flood.title, severity: 'critical', status: 'open', location: flood.location });
    expect((await delta(operator, 'all', [handOver, floodVerify!._id])).body.items.map((t: { id: string }) => t.id).sort()).toEqual([floodVerify!._id, handOver].sort());
    // Another ward's operator never gets Tân Phú's step, however it is named.
    expect((await delta(otherWard, 'all', [floodVerify!._id])).body.items).toEqual([]);
    // A task that left the list (here: cancelled) is absent, so the inbox drops it.
    await Task.updateOne({ _id: handOver }, { $set: { status: 'cancelled' } });
    expect((await delta(operator, 'all', [handOver])).body.items).toEqual([]);
    await Task.updateOne({ _id: handOver }, { $set: { status: 'open' } });

    const empty = await get(operator, '/api/tasks?ids=');
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['ids']);
    const tooMany = await get(operator, `/api/tasks?ids=${Array.from({ length: 101 }, (_, i) => `t${i}`).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany.body)).toEqual(['ids']);
  });

  it('serves the form version pinned on the task to whoever may see it', async () => {
    const [verify] = await tasksOf(flood.id);
    const form = await get(operator, `/api/tasks/${enc(verify!._id)}/form`);
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ key: 'flood-verify', version: verify!.formVersion, title: 'Xác minh ngập lụt qua camera' });
    expect(form.body.components.map((c: { key: string }) => c.key)).toEqual(['confirmed', 'notes', 'submit']);

    expect((await get(operator, `/api/tasks/${enc(`${elsewhere}:hand-over:1`)}/form`)).status).toBe(404); // a step without a form
    expect((await get(otherWard, `/api/tasks/${enc(verify!._id)}/form`)).status).toBe(404); // another ward's step
  });

  it('returns the triggering readings as a chart series over the incident’s window', async () => {
    const res = await get(operator, `/api/incidents/${enc(flood.id)}/readings`);
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(1);
    const [series] = res.body.series;
    expect(series).toMatchObject({ source: 'flood-sensor/suoi-rat-bridge-11', sourceName: 'Trạm đo mực nước Suối Rạt — cầu 11', metric: 'water_level_m', unit: 'm' });
    // The reading from five hours earlier is outside the window.
    expect(series.points).toEqual([
      [new Date(started - 60_000).toISOString(), 3.2],
      [new Date(started).toISOString(), 3.4],
    ]);
    expect(res.body.triggers.map((t: { eventId: string; value: number }) => [t.eventId, t.value])).toEqual([
      ['ctx-1', 3.2],
      ['ctx-2', 3.4],
    ]);
    expect((await get(operator, `/api/incidents/${enc(elsewhere)}/readings`)).status).toBe(404);
    expect((await get(leader, `/api/incidents/${enc(elsewhere)}/readings`)).body).toEqual({ series: [], triggers: [] });
  });

  it('shows the SOP diagram with the first step active, then done and the next one active', async () => {
    const before = await get(operator, `/api/incidents/${enc(flood.id)}/diagram`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ sopKey: 'flood-response', version: 1, live: true });
    expect(before.body.xml).toContain('<bpmn:userTask id="verify"');
    expect(before.body.steps.verify).toBe('active');
    expect(before.body.steps.notify_close).toBeUndefined();

    const [verify] = await tasksOf(flood.id);
    expect((await stack.request('POST', `/api/tasks/${enc(verify!._id)}/claim`, { token: operator })).status).toBe(200);
    const done = await stack.request('POST', `/api/tasks/${enc(verify!._id)}/complete`, { token: operator, body: { data: { confirmed: true, notes: 'Nước tràn cầu 11' } } });
    expect(done.status).toBe(200);
    await eventually('next step', async () => (await tasksOf(flood.id)).find((t) => t.stepId === 'notify_close'));

    const after = await get(operator, `/api/incidents/${enc(flood.id)}/diagram`);
    expect(after.body.live).toBe(true);
    expect(after.body.steps).toEqual({ verify: 'done', notify_close: 'active' });
    expect((await get(operator, `/api/incidents/${enc(elsewhere)}/diagram`)).status).toBe(404);
  });

  it('lists every step of an incident to whoever sees it, saying which the caller may work', async () => {
    const mine = await get(operator, `/api/incidents/${enc(flood.id)}/tasks`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { stepId: string; status: string; mayAct: boolean }) => [t.stepId, t.status, t.mayAct])).toEqual([
      ['verify', 'completed', true],
      ['notify_close', 'open', true],
    ]);
    // The flood incident is city-wide, so another ward's operator sees it and its steps, but may not work Tân Phú's.
    const theirs = await get(otherWard, `/api/incidents/${enc(flood.id)}/tasks`);
    expect(theirs.body.items.map((t: { mayAct: boolean }) => t.mayAct)).toEqual([false, false]);
    expect((await get(operator, `/api/incidents/${enc(elsewhere)}/tasks`)).status).toBe(404);
  });

  it('tells the incident’s story in time order: readings, opening, steps and a directive', async () => {
    const directive = await stack.request('POST', `/api/incidents/${enc(flood.id)}/comments`, { token: leader, body: { text: 'Phong tỏa cầu 11 ngay', kind: 'directive' } });
    expect(directive.status).toBe(201);
    const res = await get(operator, `/api/incidents/${enc(flood.id)}/timeline`);
    expect(res.status).toBe(200);
    const items = res.body.items as { at: string; kind: string; actor: string; stepId?: string; text?: string }[];
    expect(items.slice(0, 5).map((i) => [i.kind, i.actor, i.stepId ?? null])).toEqual([
      ['reading', 'flood-sensor/suoi-rat-bridge-11', null],
      ['reading', 'flood-sensor/suoi-rat-bridge-11', null],
      ['incident.opened', 'system', null],
      ['task.created', 'system', 'verify'],
      ['task.claimed', 'operator.tanphu', 'verify'],
    ]);
    // The API audits a completion once the workflow has taken it, by which time the workflow may
    // already have created the next step: the two come in either order, after the claim.
    expect(
      items
        .slice(5, 7)
        .map((i) => `${i.kind} ${i.stepId}`)
        .sort(),
    ).toEqual(['task.completed verify', 'task.created notify_close']);
    expect(items.at(-1)!.kind).toBe('directive');
    expect(items).toHaveLength(8);
    expect(items.at(-1)!.text).toBe('Phong tỏa cầu 11 ngay');
    const times = items.map((i) => new Date(i.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await get(operator, `/api/incidents/${enc(elsewhere)}/timeline`)).status).toBe(404);
  });

  it('lists the caller’s sources near a point, nearest first, with their distance', async () => {
    const near = await get(operator, `/api/sources?near=${flood.location.lat},${flood.location.lon}&radiusKm=1`);
    expect(near.status).toBe(200);
    const ids = near.body.items.map((s: { id: string }) => s.id);
    expect(ids.slice(0, 2)).toEqual(['flood-sensor/suoi-rat-bridge-11', 'camera-ai/cau-11-suoi-rat']);
    const distances = near.body.items.map((s: { distanceKm: number }) => s.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(1);
    expect(near.body.items.every((s: { unit: string }) => s.unit === 'tan-phu')).toBe(true);
    // Tân Bình's air station is 1.1 km away: the admin sees it within 2 km, the Tân Phú operator never does.
    const wide = await get(admin, `/api/sources?near=${flood.location.lat},${flood.location.lon}&radiusKm=2`);
    expect(wide.body.items.map((s: { id: string }) => s.id)).toContain('air-quality/tan-binh-01');
    expect((await get(operator, `/api/sources?near=${flood.location.lat},${flood.location.lon}&radiusKm=2`)).body.items.map((s: { id: string }) => s.id)).not.toContain(
      'air-quality/tan-binh-01',
    );

    const bad = await get(operator, '/api/sources?near=somewhere&radiusKm=100');
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['near', 'radiusKm']);
    const noCentre = await get(operator, '/api/sources?radiusKm=2');
    expect(fieldsOf(noCentre.body)).toEqual(['radiusKm']);
  });

  it('answers the diagram from the database alone when the workflow is gone', async () => {
    const copy = { ...(await Incident.findById(flood.id).lean())!, _id: 'ctx-gone-run', workflowId: 'incident:ctx-gone', correlationKey: 'ctx-gone' };
    await Incident.collection.insertOne(copy as never);
    const [verify] = await tasksOf(flood.id);
    await Task.collection.insertOne({ ...verify!, _id: 'ctx-gone-run:verify:1', incidentId: 'ctx-gone-run', workflowId: 'incident:ctx-gone', status: 'claimed' } as never);
    const res = await get(operator, '/api/incidents/ctx-gone-run/diagram');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sopKey: 'flood-response', version: 1, live: false, steps: { verify: 'active' } });
  });

  it('answers the diagram from the database alone when Temporal cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe: Server = createServer().listen(0, '127.0.0.1', () => {
        const addr = probe.address();
        probe.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
      });
    });
    const temporal = createTemporalClient(`127.0.0.1:${closedPort}`, 'default');
    const down = createApp({
      temporal,
      taskQueue: stack.taskQueue,
      tokenSecret: randomBytes(32).toString('hex'),
      tokenTtlSeconds: 60,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = down.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const addr = server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'operator.tanphu', password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      const res = await fetch(`${base}/api/incidents/${enc(flood.id)}/diagram`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { live: boolean; steps: Record<string, string> };
      expect(body.live).toBe(false);
      expect(body.steps).toEqual({ verify: 'done', notify_close: 'active' });
      // The diagram answered before its query to the absent Temporal gave up; one more such query,
      // started later, settles after it, so closing the connection then cuts no call short.
      await temporal.withDeadline(Date.now() + 2000, () => temporal.workflow.getHandle(flood.id).query('incidentState')).catch(() => undefined);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.connection.close();
    }
  });
});
