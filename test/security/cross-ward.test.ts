import { Comment, Incident, Notification, Task } from '../../model';
import { TestStack, eventually } from '../support/test-stack';

const TITLE = 'Sạt lở bờ kè Suối Rạt — khu phố Tân Trà (kiểm thử phạm vi)';
const SOURCE = 'air-quality/tan-phu-01';

/**
 * Issue 7: an operator of one ward never reads or acts on another ward's work. Tân Phú owns an
 * incident, its step, a comment, a notification and a sensor; Tiến Thành's operator tries every
 * resource type — each answer is 403 or 404 and carries none of it, lists leave it out, and nothing
 * changes.
 */
describe('cross-ward access', () => {
  let stack: TestStack;
  let intruder: string;
  let owner: string;
  let leader: string;
  let incidentId: string;
  let taskId: string;
  let commentId: string;
  let notificationId: string;

  beforeAll(async () => {
    stack = await TestStack.start('cross_ward');
    await stack.startWorker();
    leader = await stack.login('leader');
    owner = await stack.login('operator.tanphu');
    intruder = await stack.login('operator.tienthanh');

    const opened = await stack.request('POST', '/api/incidents', {
      token: leader,
      body: { sopKey: 'flood-response', title: TITLE, severity: 'warning', unit: 'tan-phu', location: { lat: 11.5412, lon: 106.8901 } },
    });
    expect(opened.status).toBe(201);
    incidentId = opened.body.id;
    const task = await eventually('Tân Phú step', async () => (await Task.findOne({ incidentId }).lean()) ?? undefined);
    taskId = task._id;
    expect(task.unit).toBe('tan-phu');
    expect((await stack.request('POST', `/api/tasks/${encodeURIComponent(taskId)}/claim`, { token: owner })).status).toBe(200);
    const directive = await stack.request('POST', `/api/incidents/${encodeURIComponent(incidentId)}/comments`, {
      token: leader,
      body: { text: 'Sơ tán hộ dân sát bờ kè ngay.', kind: 'directive' },
    });
    expect(directive.status).toBe(201);
    commentId = directive.body.id;
    const told = await eventually('the owner notified', async () => (await Notification.findOne({ user: 'operator.tanphu', incidentId }).lean()) ?? undefined);
    notificationId = told._id;
  });
  afterAll(async () => stack?.close());

  const enc = encodeURIComponent;
  /** Never data: a refusal, and not a word of what it guards. */
  const refused = (res: { status: number; body: unknown }, what: string) => {
    expect({ what, refused: res.status === 403 || res.status === 404 }).toEqual({ what, refused: true });
    const text = JSON.stringify(res.body);
    for (const secret of [TITLE, taskId, commentId, 'Sơ tán hộ dân']) expect(text).not.toContain(secret);
  };

  it('refuses every read of another ward’s incident, step, thread and notification', async () => {
    const reads = [
      `/api/incidents/${enc(incidentId)}`,
      `/api/incidents/${enc(incidentId)}/state`,
      `/api/incidents/${enc(incidentId)}/comments`,
      `/api/incidents/${enc(incidentId)}/readings`,
      `/api/incidents/${enc(incidentId)}/timeline`,
      `/api/incidents/${enc(incidentId)}/diagram`,
      `/api/incidents/${enc(incidentId)}/tasks`,
      `/api/tasks/${enc(taskId)}`,
      `/api/tasks/${enc(taskId)}/form`,
      `/api/sources/${enc(SOURCE)}`,
      '/api/metrics/overview',
      '/api/metrics/incidents',
    ];
    for (const path of reads) refused(await stack.request('GET', path, { token: intruder }), `GET ${path}`);
    // The same paths answer Tân Phú's operator (metrics are for leaders), so the refusals are about scope, not wrong paths.
    for (const path of reads.filter((p) => !p.startsWith('/api/metrics'))) {
      expect({ path, status: (await stack.request('GET', path, { token: owner })).status }).toEqual({ path, status: 200 });
    }
  });

  it('leaves another ward’s work out of every list', async () => {
    const incidents = await stack.request('GET', '/api/incidents?limit=500', { token: intruder });
    expect(incidents.status).toBe(200);
    expect(incidents.body.items.map((i: { id: string }) => i.id)).not.toContain(incidentId);
    for (const scope of ['mine', 'unit', 'all']) {
      const tasks = await stack.request('GET', `/api/tasks?scope=${scope}`, { token: intruder });
      expect(tasks.status).toBe(200);
      expect(tasks.body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    }
    for (const path of ['/api/sources', '/api/sources?near=11.5412,106.8901&radiusKm=10']) {
      const sources = await stack.request('GET', path, { token: intruder });
      expect(sources.status).toBe(200);
      expect(JSON.stringify(sources.body)).not.toContain(SOURCE);
    }
    const notices = await stack.request('GET', '/api/notifications', { token: intruder });
    expect(notices.body.items.map((n: { id: string }) => n.id)).not.toContain(notificationId);
    // The owner does see them, so the lists above are not empty by accident.
    expect((await stack.request('GET', '/api/tasks?scope=unit', { token: owner })).body.items.map((t: { id: string }) => t.id)).toContain(taskId);
  });

  it('refuses every action on another ward’s work and changes nothing', async () => {
    const before = {
      incident: await Incident.findById(incidentId).lean(),
      task: await Task.findById(taskId).lean(),
      comments: await Comment.countDocuments({ incidentId }),
    };
    const actions: [string, unknown][] = [
      [`/api/tasks/${enc(taskId)}/claim`, {}],
      [`/api/tasks/${enc(taskId)}/release`, {}],
      [`/api/tasks/${enc(taskId)}/complete`, { data: { confirmed: true, notes: 'giả mạo' } }],
      [`/api/tasks/${enc(taskId)}/escalate`, {}],
      [`/api/tasks/${enc(taskId)}/skip`, { justification: 'không cần làm' }],
      [`/api/tasks/${enc(taskId)}/reassign`, { unit: 'tien-thanh', reason: 'chuyển sang phường tôi' }],
      [`/api/incidents/${enc(incidentId)}/comments`, { text: 'bình luận lạ', kind: 'comment' }],
      [`/api/incidents/${enc(incidentId)}/cancel`, { reason: 'hủy thử' }],
      [`/api/incidents/${enc(incidentId)}/severity`, { severity: 'critical' }],
      [`/api/incidents/${enc(incidentId)}/messages/alert-cleared`, { data: {} }],
      [`/api/incidents/${enc(incidentId)}/steps/verify/retry`, {}],
      [`/api/incidents/${enc(incidentId)}/steps/verify/skip`, { justification: 'không cần' }],
      [`/api/notifications/${enc(notificationId)}/read`, {}],
    ];
    for (const [path, body] of actions) refused(await stack.request('POST', path, { token: intruder, body }), `POST ${path}`);

    const after = {
      incident: await Incident.findById(incidentId).lean(),
      task: await Task.findById(taskId).lean(),
      comments: await Comment.countDocuments({ incidentId }),
    };
    expect(after).toEqual(before);
    expect((await Notification.findById(notificationId).lean())?.readAt).toBeUndefined();
  });
});
