import { Audit, Incident, Task } from '../../model';
import { TestStack, eventually } from '../support/test-stack';
import { EventSender } from './support/event-sender';
import { reportFaults, settleAndCount } from './support/fault-count';
import { FIRST_STEP, FaultLoad } from './support/fault-load';

const NEXT_STEP = 'notify_close';
const taskUrl = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/**
 * Issue 8, fault 5: the same task completed from two sessions at once, for 60 tasks at the same time
 * among 220 open incidents. Half the pairs are two logins of the same operator (both may complete
 * the task they claimed); half are two users racing to claim and complete it. Exactly one completion
 * of each task succeeds, the other gets 409, and each workflow moves on once: one next task.
 */
describe('fault: concurrent completion of the same task from two sessions', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('faults_completion');
  });
  afterAll(async () => stack?.close());

  it('lets exactly one of two racing completions through, 60 tasks at once', async () => {
    const began = Date.now();
    await stack.startWorker();
    const admin = await stack.login('admin');
    const load = await FaultLoad.prepare(stack, admin, 'completion', 220);
    const sender = new EventSender(
      () => stack.baseUrl,
      () => admin,
    );
    await sender.postAll(load.batches(10), 2);

    // The race starts as soon as 60 tasks are waiting, while the rest of the 220 incidents are still opening.
    const tasks = await eventually(
      '60 tasks waiting',
      async () => {
        const found = await Task.find({ stepId: FIRST_STEP, status: 'open' }).lean();
        return found.length >= 60 ? found.slice(0, 60) : undefined;
      },
      90_000,
    );
    const inFlight = load.incidents - (await Task.countDocuments({}));
    const incidents = await Incident.find({ correlationKey: { $in: load.keys } }, { _id: 1, correlationKey: 1 }).lean();
    const keyOf = new Map(incidents.map((i) => [i._id, i.correlationKey]));
    const sameUser = tasks.slice(0, 30);
    const twoUsers = tasks.slice(30);

    // Two logins of the same operator: one claims, then both complete at once.
    const [first, second] = [await stack.login('operator.tanphu'), await stack.login('operator.tanphu')];
    for (const t of sameUser) expect((await stack.request('POST', `${taskUrl(t._id)}/claim`, { token: first })).status).toBe(200);
    // Two users: each claims and completes as fast as it can.
    const leader = await stack.login('leader');
    const claimAndComplete = async (token: string, id: string, who: string) => {
      const claim = await stack.request('POST', `${taskUrl(id)}/claim`, { token });
      if (claim.status !== 200) return claim.status;
      return (await stack.request('POST', `${taskUrl(id)}/complete`, { token, body: { data: { confirmed: true, notes: `xác nhận bởi ${who}` } } })).status;
    };
    const complete = async (token: string, id: string, who: string) =>
      (await stack.request('POST', `${taskUrl(id)}/complete`, { token, body: { data: { confirmed: true, notes: `xác nhận bởi ${who}` } } })).status;

    const raced = await Promise.all([
      ...sameUser.map(async (t) => ({ id: t._id, statuses: await Promise.all([complete(first, t._id, 'phiên 1'), complete(second, t._id, 'phiên 2')]) })),
      ...twoUsers.map(async (t) => ({
        id: t._id,
        statuses: await Promise.all([claimAndComplete(first, t._id, 'operator.tanphu'), claimAndComplete(leader, t._id, 'leader')]),
      })),
    ]);
    const outcomes = raced.map((r) => [...r.statuses].sort().join('+'));
    const notOneWinner = raced.filter((_, i) => outcomes[i] !== '200+409');
    expect(notOneWinner).toEqual([]);

    // The read model and the audit agree: each task completed once, by whoever's request won.
    const done = await Task.find({ _id: { $in: tasks.map((t) => t._id) } }).lean();
    expect(done.filter((t) => t.status !== 'completed')).toEqual([]);
    const audited = await Audit.find({ action: 'task.completed', entityId: { $in: tasks.map((t) => t._id) } }, { entityId: 1 }).lean();
    expect(audited).toHaveLength(tasks.length);

    // Each workflow moved on once: exactly one next-step task for every completed verification.
    const completedKeys = new Set(tasks.map((t) => keyOf.get(t.incidentId)!));
    const count = await settleAndCount(stack.temporalClient, load, sender.acknowledged, {
      stepsOf: (key) => (completedKeys.has(key) ? [FIRST_STEP, NEXT_STEP] : [FIRST_STEP]),
      timeoutMs: 60_000,
    });
    reportFaults(
      'concurrent completion',
      count,
      `${tasks.length} tasks completed from two sessions at once (${inFlight} incidents still without a task): ${tasks.length} × 200 + ${tasks.length} × 409; ${Math.round((Date.now() - began) / 1000)} s`,
    );
    expect(count.incidents).toBe(load.incidents);
    expect({ lost: count.lost, duplicated: count.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 180_000);
});
