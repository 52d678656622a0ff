import { StoredEvent } from '../../model';
import { DEMO_PASSWORD, TestStack } from '../support/test-stack';
import { ApiProcess } from './support/api-process';
import { EventSender } from './support/event-sender';
import { reportFaults, settleAndCount } from './support/fault-count';
import { FaultLoad } from './support/fault-load';

/**
 * Issue 8, fault 4: the API process is killed with SIGKILL mid-batch — after it stored a batch's
 * readings, before it answered — twice, while 220 incidents are being opened. The sender saw no
 * answer, so it sends the same batch (same event ids) to the restarted API: the readings are stored
 * once, and what the killed process stored but never evaluated is evaluated by the restarted one.
 */
describe('fault: the API killed mid-batch and the batch retried', () => {
  let stack: TestStack;
  let api: ApiProcess;

  beforeAll(async () => {
    stack = await TestStack.start('faults_api');
  });
  afterAll(async () => {
    await api?.stop();
    await stack?.close();
  });

  it('stores nothing twice and loses nothing when the client retries the same batch', async () => {
    const began = Date.now();
    await stack.startWorker();
    api = await ApiProcess.start(stack);
    const admin = await stack.login('admin');
    const load = await FaultLoad.prepare(stack, admin, 'api', 220);
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    const token = ((await res.json()) as { token: string }).token;
    const sender = new EventSender(
      () => api.baseUrl,
      () => token,
    );

    // Big batches, so each spends a while between storing its readings and answering.
    const sending = sender.postAll(load.batches(20), 2);
    sending.catch(() => undefined); // awaited below; a failure meanwhile is reported there, not as unhandled
    const kills: { stored: number; acknowledged: number }[] = [];
    for (const atLeast of [60, 240]) {
      const caught = await midBatch(load, sender, atLeast).catch((err: Error) => {
        throw new Error(`${err.message}\nAPI log:\n${api.log()}`);
      });
      await api.kill();
      kills.push(caught);
      await api.restart();
    }
    await sending;

    const count = await settleAndCount(stack.temporalClient, load, sender.acknowledged, { timeoutMs: 90_000 });
    reportFaults(
      'API SIGKILL mid-batch',
      count,
      `killed twice with ${kills.map((k) => `${k.stored - k.acknowledged}`).join(' and ')} readings stored but not yet acknowledged; retries answered ${sender.stats.duplicates} duplicates; ${Math.round((Date.now() - began) / 1000)} s`,
    );
    // The retried batches were ones the killed API had stored: the retry found them stored.
    expect(sender.stats.duplicates).toBeGreaterThan(0);
    expect(sender.stats.refusals[0]).toBeGreaterThan(0);
    expect(count.incidents).toBe(load.incidents);
    expect(sender.acknowledged.size).toBe(load.incidents * 2);
    expect({ lost: count.lost, duplicated: count.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 180_000);
});

/**
 * Waits for a moment when the API has stored readings it has not acknowledged yet (a batch between
 * its write and its 202), once at least `atLeast` readings are stored.
 */
async function midBatch(load: FaultLoad, sender: EventSender, atLeast: number): Promise<{ stored: number; acknowledged: number }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const acknowledged = sender.acknowledged.size;
    const stored = await StoredEvent.countDocuments({ source: { $in: load.sources } });
    if (stored >= atLeast && stored > acknowledged && sender.acknowledged.size === acknowledged) return { stored, acknowledged };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never caught the API between storing a batch and answering it (${JSON.stringify(sender.stats)})`);
}
