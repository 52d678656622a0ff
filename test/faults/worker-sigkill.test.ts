import { Incident, Task } from '../../model';
import { TestStack, eventually } from '../support/test-stack';
import { EventSender } from './support/event-sender';
import { settleAndCount, reportFaults } from './support/fault-count';
import { FaultLoad } from './support/fault-load';

/**
 * Issue 8, fault 1: the worker is killed with SIGKILL while 220 incidents are starting and their
 * first tasks are being created, and a new worker process takes over. Temporal hands the dead
 * worker's workflow and activity tasks to the new one once they time out; the activities write
 * under ids the workflow derives, so nothing is lost and nothing is written twice.
 */
describe('fault: the worker killed with SIGKILL mid-run', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('faults_worker');
  });
  afterAll(async () => stack?.close());

  it('opens every incident and its first task once, on the replacement worker', async () => {
    const began = Date.now();
    const worker = await stack.startWorker();
    const admin = await stack.login('admin');
    const load = await FaultLoad.prepare(stack, admin, 'worker', 220);
    const sender = new EventSender(
      () => stack.baseUrl,
      () => admin,
    );
    const sending = sender.postAll(load.batches(10), 2);
    sending.catch(() => undefined); // awaited below; a failure meanwhile is reported there, not as unhandled

    // Kill it in the thick of it: some incidents have their task, many do not yet.
    const inFlight = await eventually(
      'incidents starting and tasks being created',
      async () => {
        const [incidents, tasks] = await Promise.all([Incident.countDocuments({ correlationKey: { $in: load.keys } }), Task.countDocuments({})]);
        return tasks >= 20 ? { incidents, tasks } : undefined;
      },
      60_000,
    );
    await worker.stop('SIGKILL');
    expect(worker.child.signalCode).toBe('SIGKILL');
    await sending; // ingest does not need the worker: every batch is acknowledged meanwhile
    await stack.startWorker();

    const count = await settleAndCount(stack.temporalClient, load, sender.acknowledged, { timeoutMs: 90_000 });
    reportFaults('worker SIGKILL', count, `killed with ${inFlight.incidents} incidents opened and ${inFlight.tasks} tasks created; ${Math.round((Date.now() - began) / 1000)} s`);
    expect(count.incidents).toBe(load.incidents);
    expect(sender.acknowledged.size).toBe(load.incidents * 2);
    expect({ lost: count.lost, duplicated: count.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 180_000);
});
