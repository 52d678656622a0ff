import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp, type CityOpsApp } from '../../api/app';
import { LIVE_RETENTION_MS, LiveChange, Notification, liveSlotOf, notificationId, publishChange, pruneLiveChanges } from '../../model';
import { SseClient } from '../support/sse-client';
import { DEMO_PASSWORD, TestStack, eventually, floodReading } from '../support/test-stack';

/**
 * Live updates (`GET /api/live`) end to end: incidents and tasks written by a real worker, claims
 * and directives by the API, read as Server-Sent Events the way the operator app reads them.
 */
describe('live updates over Server-Sent Events', () => {
  let stack: TestStack;
  let tanphu: string;
  let tienthanh: string;
  let leader: string;
  const streams: SseClient[] = [];
  const connect = async (base: string, token: string, opts?: { lastEventId?: string; since?: string }) => {
    const s = await SseClient.connect(base, token, opts);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    stack = await TestStack.start('live_updates');
    await stack.startWorker();
    [tanphu, tienthanh, leader] = await Promise.all([stack.login('operator.tanphu'), stack.login('operator.tienthanh'), stack.login('leader')]);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stack?.close();
  });

  const loginAt = async (base: string, username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const report = (token: string, body: Record<string, unknown>) => stack.request('POST', '/api/incidents', { token, body });

  // Shared by the tests below, in order.
  let first: SseClient;
  let incidentId: string;
  let taskId: string;
  let otherIncidentId: string;

  it('opens an event stream with the headers a proxy must not buffer, a retry time and a hello', async () => {
    expect((await stack.request('GET', '/api/live')).status).toBe(401);
    first = await connect(stack.baseUrl, tanphu);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(first.headers.get('cache-control')).toMatch(/no-cache/);
    expect(first.headers.get('x-accel-buffering')).toBe('no');
    const hello = await first.waitFor('hello', (e) => e.event === 'hello');
    expect(hello.data).toEqual({ serverTime: expect.any(String) });
    expect(first.retryMs).toBe(2000);
  });

  it('shows an operator the new task of their ward, and nothing of another ward', async () => {
    const ward2 = await connect(stack.baseUrl, tienthanh);
    // Another ward's incident first, with its step at the IOC: operator.tienthanh hears of the incident.
    const other = await report(leader, { sopKey: 'streetlight-fault', title: 'Đèn hỏng đường Phú Riềng Đỏ', severity: 'warning', unit: 'tien-thanh' });
    expect(other.status).toBe(201);
    otherIncidentId = other.body.id;
    await ward2.waitForChange('incident.opened', otherIncidentId);

    const mine = await report(tanphu, { sopKey: 'flood-response', title: 'Ngập cầu 11 Suối Rạt', severity: 'warning', correlationKey: 'live:flood-bridge-11' });
    expect(mine.status).toBe(201);
    incidentId = mine.body.id;
    const created = await first.waitFor('task.created of the flood incident', (e) => e.event === 'change' && e.data.action === 'task.created' && e.data.incidentId === incidentId);
    taskId = created.data.id;
    expect(created.data).toEqual({ entity: 'task', id: taskId, incidentId, action: 'task.created', at: expect.any(String) });
    expect(created.id).toMatch(/^\d+$/);
    expect(first.changes).toContainEqual(expect.objectContaining({ entity: 'incident', id: incidentId, action: 'incident.opened' }));
    // The other ward's changes reached the feed before these, so had they been sent they would be here.
    expect(first.changes.filter((c) => c.incidentId === otherIncidentId)).toEqual([]);
    expect(ward2.changes.filter((c) => c.incidentId === incidentId)).toEqual([]);
    // What the event names can be fetched through the scoped REST API.
    expect((await stack.request('GET', `/api/tasks/${taskId}`, { token: tanphu })).status).toBe(200);
  });

  it('shows the operator the task of an incident a sensor reading opened', async () => {
    const admin = await stack.login('admin');
    const res = await stack.request('POST', '/api/events', { token: admin, body: [floodReading('live-r-1', 3.2)] });
    expect(res.status).toBe(202);
    const opened = await first.waitFor('incident.opened by the reading', (e) => e.event === 'change' && e.data.action === 'incident.opened' && e.data.incidentId !== incidentId);
    const created = await first.waitFor(
      'task.created of that incident',
      (e) => e.event === 'change' && e.data.action === 'task.created' && e.data.incidentId === opened.data.incidentId,
    );
    const task = await stack.request('GET', `/api/tasks/${created.data.id}`, { token: tanphu });
    expect(task.body).toMatchObject({ stepId: 'verify', unit: 'tan-phu', status: 'open' });
  });

  it('shows the claim, and that the incident is acknowledged', async () => {
    expect((await stack.request('POST', `/api/tasks/${taskId}/claim`, { token: tanphu })).status).toBe(200);
    await first.waitForChange('task.claimed', taskId);
    await first.waitForChange('incident.acknowledged', incidentId);
  });

  it('lists the raised severity in the inbox as soon as the change is heard (the inbox remembers incidents briefly)', async () => {
    const listed = async () =>
      ((await stack.request('GET', '/api/tasks?scope=unit', { token: tanphu })).body.items as { id: string; incident: { severity: string } }[]).find((t) => t.id === taskId);
    expect((await listed())?.incident.severity).toBe('warning');
    const raised = await stack.request('POST', `/api/incidents/${incidentId}/severity`, { token: leader, body: { severity: 'critical', reason: 'nước lên nhanh' } });
    expect(raised.status).toBe(200);
    await first.waitForChange('incident.severity', incidentId);
    expect((await listed())?.incident.severity).toBe('critical');
  });

  it('replays what a client missed when it reconnects with Last-Event-ID (or ?since=)', async () => {
    const cursor = first.lastEventId!;
    const open = stack.app.live.connections;
    first.close();
    // The server lets go of a client that went away.
    await eventually('the closed stream to be dropped', async () => (stack.app.live.connections === open - 1 ? true : undefined));
    const watcher = await connect(stack.baseUrl, leader);
    expect((await stack.request('POST', `/api/tasks/${taskId}/release`, { token: tanphu })).status).toBe(200);
    // Once the leader hears of it the feed holds it; the reconnecting operator gets it from there.
    await watcher.waitForChange('task.released', taskId);

    const again = await connect(stack.baseUrl, tanphu, { lastEventId: cursor });
    await again.waitForChange('task.released', taskId);
    expect(again.events.map((e) => e.event)[0]).toBe('hello');
    const bySince = await connect(stack.baseUrl, tanphu, { since: cursor });
    await bySince.waitForChange('task.released', taskId);
    // A cursor older than what is retained asks the client to reload.
    const stale = await connect(stack.baseUrl, tanphu, { lastEventId: '1000' });
    await stale.waitFor('resync', (e) => e.event === 'resync');
  });

  it('delivers, once, a change that reaches the database late with an earlier time (another process’s clock)', async () => {
    const stream = await connect(stack.baseUrl, leader);
    await stream.waitFor('hello', (e) => e.event === 'hello');
    const lateAt = new Date(Date.now() - 1000);
    const late = { _id: 'late-1', entity: 'incident', entityId: incidentId, incidentId, unit: 'tan-phu', users: [], action: 'test.late', at: lateAt, slot: liveSlotOf(lateAt) };
    await LiveChange.collection.insertOne(late as never);
    await stream.waitForChange('test.late', incidentId);
    // Polls that overlap its time return it again; a change published after it marks that they have run.
    await publishChange({ entity: 'incident', id: incidentId, incidentId, unit: 'tan-phu', action: 'test.marker' });
    await stream.waitForChange('test.marker', incidentId);
    expect(stream.changes.filter((c) => c.action === 'test.late')).toHaveLength(1);
  });

  it('prunes changes past the retention window', async () => {
    const old = new Date(Date.now() - LIVE_RETENTION_MS - 60_000);
    await LiveChange.collection.insertOne({
      _id: 'old-1',
      entity: 'task',
      entityId: 't',
      incidentId: 'i',
      unit: null,
      users: [],
      action: 'task.created',
      at: old,
      slot: liveSlotOf(old),
    } as never);
    expect(await pruneLiveChanges()).toBeGreaterThanOrEqual(1);
    expect(await LiveChange.exists({ _id: 'old-1' })).toBeNull();
    expect(await LiveChange.countDocuments({})).toBeGreaterThan(0);
  });

  describe('a second API instance on the same database', () => {
    let second: CityOpsApp;
    let server: Server;
    let base: string;
    beforeAll(async () => {
      second = createApp({ temporal: stack.temporalClient, taskQueue: stack.taskQueue, tokenSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 3600 });
      second.live.start();
      server = await new Promise<Server>((resolve) => {
        const s = second.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const addr = server.address();
      base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    });
    afterAll(async () => {
      await second?.live.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('catches up from the database and delivers changes made through the first', async () => {
      const token = await loginAt(base, 'operator.tanphu');
      // A fresh process (as after a restart): the hello cursor of the very first stream still catches up.
      const firstCursor = first.events.find((e) => e.event === 'hello')!.id!;
      const stream = await connect(base, token, { lastEventId: firstCursor });
      await stream.waitForChange('task.created', taskId);
      await stream.waitForChange('task.released', taskId);
      expect(stream.changes.filter((c) => c.incidentId === otherIncidentId)).toEqual([]);

      // A change through the first instance reaches a client of the second.
      const claimedAt = Date.now(); // this process writes the change, so its time is at least this
      expect((await stack.request('POST', `/api/tasks/${taskId}/claim`, { token: tanphu })).status).toBe(200);
      await stream.waitFor('the new claim', (e) => e.event === 'change' && e.data.action === 'task.claimed' && e.data.id === taskId && Date.parse(e.data.at) >= claimedAt);
    });

    it('ends its streams when it stops', async () => {
      const token = await loginAt(base, 'leader');
      const stream = await connect(base, token);
      await stream.waitFor('hello', (e) => e.event === 'hello');
      await second.live.stop();
      await eventually('the end of the stream', async () => stream.ended || undefined);
    });
  });

  it('ends a stream when its token expires, so the client comes back with a fresh one', async () => {
    const shortLived = createApp({ temporal: stack.temporalClient, taskQueue: stack.taskQueue, tokenSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 1 });
    const server = await new Promise<Server>((resolve) => {
      const s = shortLived.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const addr = server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const token = await loginAt(base, 'operator.tanphu');
      const stream = await connect(base, token);
      await stream.waitFor('hello', (e) => e.event === 'hello');
      await eventually('the end of the stream', async () => stream.ended || undefined, 10_000);
      expect((await SseClient.connect(base, token)).status).toBe(401);
    } finally {
      await shortLived.live.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('notifies the assignee of a directive, pins it, and streams directive.added', async () => {
    const stream = await connect(stack.baseUrl, tanphu);
    await stream.waitFor('hello', (e) => e.event === 'hello');
    // The operator holds the step (claimed through the second instance above): the directive reaches them as its assignee.
    expect((await stack.request('GET', `/api/tasks/${taskId}`, { token: tanphu })).body).toMatchObject({ status: 'claimed', assignee: 'operator.tanphu' });
    const res = await stack.request('POST', `/api/incidents/${incidentId}/comments`, {
      token: leader,
      body: { kind: 'directive', text: 'Phong tỏa cầu 11 ngay, báo cáo sau 15 phút.' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'directive', pinned: true, author: 'leader' });
    const commentId = res.body.id;

    const event = await stream.waitForChange('directive.added', commentId);
    expect(event.data).toEqual({ entity: 'comment', id: commentId, incidentId, action: 'directive.added', at: expect.any(String) });
    const note = await Notification.findById(notificationId(`directive:${commentId}`, 'operator.tanphu')).lean();
    expect(note).toMatchObject({ user: 'operator.tanphu', incidentId, kind: 'notify', subject: expect.stringContaining('Chỉ đạo') });
    expect(await Notification.countDocuments({ _id: { $regex: `^directive:${commentId}:` } })).toBe(1);
    const mine = await stack.request('GET', '/api/notifications', { token: tanphu });
    expect(mine.body.items.map((n: { id: string }) => n.id)).toContain(notificationId(`directive:${commentId}`, 'operator.tanphu'));

    // A plain comment is not pinned and notifies nobody.
    const plain = await stack.request('POST', `/api/incidents/${incidentId}/comments`, { token: tanphu, body: { text: 'Đã đến hiện trường.' } });
    expect(plain.body).toMatchObject({ kind: 'comment', pinned: false });
    await stream.waitForChange('comment.added', plain.body.id);
    const thread = await stack.request('GET', `/api/incidents/${incidentId}/comments`, { token: tanphu });
    expect(thread.body.items.map((c: { kind: string; pinned: boolean }) => [c.kind, c.pinned])).toEqual([
      ['directive', true],
      ['comment', false],
    ]);
  });
});
