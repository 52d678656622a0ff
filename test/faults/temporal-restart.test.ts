import { Incident, Outbox } from '../../model';
import { OwnTemporal } from '../support/own-temporal';
import { TestStack, eventually } from '../support/test-stack';
import { EventSender } from './support/event-sender';
import { reportFaults, settleAndCount } from './support/fault-count';
import { FaultLoad } from './support/fault-load';

/**
 * Issue 8, fault 2: the Temporal server is stopped while 220 incidents are on their way and readings
 * keep arriving, then restarted on its SQLite file. Ingest keeps answering 202, what fires waits in
 * the outbox, and after the restart everything reaches Temporal — each correlation key one incident.
 * A Temporal server of the file's own: the run's shared one must stay up for the files beside it.
 */
describe('fault: the Temporal server stopped and restarted while events keep arriving', () => {
  let temporal: OwnTemporal;
  let stack: TestStack;

  beforeAll(async () => {
    temporal = await OwnTemporal.start('faults');
    stack = await TestStack.start('faults_temporal', { temporal: { address: temporal.address, namespace: temporal.namespace } });
  });
  afterAll(async () => {
    // close() ends the file's running workflows: it needs Temporal up even when the test failed while it was down.
    try {
      if (temporal && !temporal.running) await temporal.restart();
      await stack?.close();
    } finally {
      await temporal?.dispose();
    }
  });

  it('acknowledges every reading while Temporal is down and opens each incident once after the restart', async () => {
    const began = Date.now();
    await stack.startWorker();
    const admin = await stack.login('admin');
    const load = await FaultLoad.prepare(stack, admin, 'temporal', 220);
    const sender = new EventSender(
      () => stack.baseUrl,
      () => admin,
    );
    const batches = load.batches(10);

    // A first part reaches Temporal and starts incidents ...
    await sender.postAll(batches.slice(0, 8), 2);
    await eventually('incidents starting', async () => ((await Incident.countDocuments({ correlationKey: { $in: load.keys } })) >= 20 ? true : undefined), 60_000);

    // ... then Temporal stops under load, and readings keep coming.
    await temporal.stop();
    const downAt = Date.now();
    await sender.postAll(batches.slice(8), 2);
    expect(sender.stats.refusals).toEqual({}); // every batch answered 202 at the first attempt
    const waiting = await Outbox.countDocuments({ 'payload.correlationKey': { $in: load.keys } });
    expect(waiting).toBeGreaterThan(0);
    const openedWhileDown = await Incident.countDocuments({ correlationKey: { $in: load.keys } });
    expect(openedWhileDown).toBeLessThan(load.incidents);

    await temporal.restart();
    const downMs = Date.now() - downAt;
    const count = await settleAndCount(stack.temporalClient, load, sender.acknowledged, { timeoutMs: 90_000 });
    reportFaults(
      'Temporal restart',
      count,
      `down ${Math.round(downMs / 1000)} s with ${waiting} outbox records waiting and ${openedWhileDown} incidents opened; ${Math.round((Date.now() - began) / 1000)} s`,
    );
    expect(count.incidents).toBe(load.incidents);
    expect(sender.acknowledged.size).toBe(load.incidents * 2);
    expect({ lost: count.lost, duplicated: count.duplicated, outbox: count.outbox }).toEqual({ lost: 0, duplicated: 0, outbox: 0 });
  }, 180_000);
});
