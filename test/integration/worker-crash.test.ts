import { Incident, Task } from '../../model';
import { TestStack, eventually, floodReading } from '../support/test-stack';

/**
 * A worker killed with SIGKILL after the first task exists is replaced by a new worker process:
 * the incident still resolves, and no task is created twice.
 */
describe('worker killed mid-incident', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('worker_crash');
  });
  afterAll(async () => stack?.close());

  it('resolves the incident on a replacement worker without duplicating a task', async () => {
    const first = await stack.startWorker();
    const admin = await stack.login('admin');
    const operator = await stack.login('operator.tanphu');
    expect((await stack.request('POST', '/api/events', { token: admin, body: [floodReading('crash-1', 3.6)] })).status).toBe(202);

    const verify = await eventually('first task', async () => (await Task.findOne({ stepId: 'verify' }).lean()) ?? undefined);
    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    await stack.startWorker();
    const taskUrl = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;
    expect((await stack.request('POST', `${taskUrl(verify._id)}/claim`, { token: operator })).status).toBe(200);
    const done = await stack.request('POST', `${taskUrl(verify._id)}/complete`, {
      token: operator,
      body: { data: { confirmed: false, notes: 'Báo động giả: cảm biến bị rác che' } },
    });
    expect(done.status).toBe(200);

    const resolved = await eventually(
      'incident resolved',
      async () => {
        const doc = await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean();
        return doc?.status === 'resolved' ? doc : undefined;
      },
      60_000,
    );
    expect(resolved.resolution).toBe('Báo động giả');
    expect(await Incident.countDocuments({})).toBe(1);
    const tasks = await Task.find({ incidentId: resolved._id }).lean();
    expect(tasks.map((t) => t.stepId)).toEqual(['verify']);
    expect(tasks[0]!.status).toBe('completed');
  });
});
