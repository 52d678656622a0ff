import { Incident } from '../../model';
import { TestStack, eventually } from '../support/test-stack';
import { EventSender } from './support/event-sender';
import { reportFaults, settleAndCount } from './support/fault-count';
import { FaultLoad } from './support/fault-load';
import { OwnFerretDb } from './support/own-ferretdb';

/**
 * Issue 8, fault 3: the database server is stopped while 220 incidents are on their way and readings
 * keep arriving, then restarted on its SQLite folder. Meanwhile the API answers 503 with Retry-After
 * (never a 500, never a hang), senders retry, and once the database is back the same API process —
 * not restarted — answers again, and the worker's activities retry: nothing acknowledged is lost.
 * A FerretDB of the file's own: the run's shared one must stay up for the files beside it.
 */
describe('fault: the database server stopped and restarted', () => {
  let db: OwnFerretDb;
  let stack: TestStack;

  beforeAll(async () => {
    db = await OwnFerretDb.start('faults');
    stack = await TestStack.start('faults_database', { mongoUri: db.uri });
  });
  afterAll(async () => {
    try {
      if (db && !db.running) await db.restart();
      await stack?.close();
    } finally {
      await db?.dispose();
    }
  });

  it('answers 503 with Retry-After while the database is down and recovers by itself, losing nothing', async () => {
    const began = Date.now();
    await stack.startWorker();
    const admin = await stack.login('admin');
    const load = await FaultLoad.prepare(stack, admin, 'database', 220);
    const sender = new EventSender(
      () => stack.baseUrl,
      () => admin,
    );
    // Readings keep coming throughout: the sender retries each batch until it is acknowledged.
    const sending = sender.postAll(load.batches(10), 2);
    sending.catch(() => undefined); // awaited below; a failure meanwhile is reported there, not as unhandled
    await eventually('incidents starting', async () => ((await Incident.countDocuments({ correlationKey: { $in: load.keys } })) >= 20 ? true : undefined), 60_000);

    // Stopped while batches are in flight.
    await db.stop();
    const downAt = Date.now();

    // What a client sees meanwhile: 503 with Retry-After, on ingest and on reads alike, answered at once.
    const ingest = await stack.request('POST', '/api/events', { token: admin, body: load.batches(1, 0, 1)[0] });
    expect(ingest.status).toBe(503);
    const readAt = Date.now();
    const read = await fetch(`${stack.baseUrl}/api/incidents`, { headers: { authorization: `Bearer ${admin}` } });
    const readMs = Date.now() - readAt;
    expect(read.status).toBe(503);
    expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await read.json()) as { error: string }).error).toMatch(/database/);
    const health = await stack.request('GET', '/api/health');
    expect(health).toMatchObject({ status: 503, body: { database: 'down' } });
    // Down long enough for the sender to be refused and to retry a few times.
    await eventually('the sender refused and retrying', async () => ((sender.stats.refusals[503] ?? 0) >= 4 ? true : undefined), 30_000);

    await db.restart();
    const downMs = Date.now() - downAt;
    await sending;
    // The same API process answers again, without a restart.
    await eventually('health up', async () => ((await stack.request('GET', '/api/health')).status === 200 ? true : undefined), 30_000);

    const count = await settleAndCount(stack.temporalClient, load, sender.acknowledged, { timeoutMs: 90_000 });
    const refused = Object.entries(sender.stats.refusals)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
    reportFaults(
      'database restart',
      count,
      `down ${Math.round(downMs / 1000)} s, a read answered 503 in ${readMs} ms, the sender saw ${refused || 'nothing refused'} and ${sender.stats.duplicates} duplicates on retry; ${Math.round((Date.now() - began) / 1000)} s`,
    );
    // Refusals were 503s with Retry-After only: no 500, no dropped connection.
    expect(Object.keys(sender.stats.refusals)).toEqual(['503']);
    expect(sender.stats.withRetryAfter).toBe(sender.stats.refusals[503]);
    expect(count.incidents).toBe(load.incidents);
    expect(sender.acknowledged.size).toBe(load.incidents * 2);
    expect({ lost: count.lost, duplicated: count.duplicated, outbox: count.outbox }).toEqual({ lost: 0, duplicated: 0, outbox: 0 });
  }, 180_000);
});
