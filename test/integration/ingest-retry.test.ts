import { STALE_PENDING_MS } from '../../api/events/event-evaluator';
import { AlertStateModel, PendingEvaluation, StoredEvent } from '../../model';
import { TestStack, floodReading } from '../support/test-stack';

/**
 * A batch stored but cut short before its rules ran — here the database connection dropping right
 * after the write — answers 503 with Retry-After, and the sender's retry of the same batch evaluates
 * what the first attempt stored: the retry finds the readings already stored (duplicates) and, until
 * the fix, skipped the rules for them, so the incident they fire was lost until the API restarted.
 */
describe('a retried batch whose first attempt stored but never evaluated it', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('ingest_retry');
  });
  afterAll(async () => stack?.close());

  it('is evaluated by the retry', async () => {
    const admin = await stack.login('admin');
    const evaluator = stack.app.evaluator;
    const evaluate = evaluator.evaluate.bind(evaluator);
    evaluator.evaluate = async () => {
      evaluator.evaluate = evaluate;
      throw Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
    };
    const batch = [floodReading('retry-1', 3.6)];

    const first = await fetch(`${stack.baseUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(batch),
    });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await StoredEvent.findById('flood-sensor/suoi-rat-bridge-11|retry-1').lean()).toBeTruthy();
    expect(await AlertStateModel.findById('flood-suoi-rat-level|flood:suoi-rat').lean()).toBeNull();
    expect(await PendingEvaluation.countDocuments({})).toBe(1);

    const retry = await stack.request('POST', '/api/events', { token: admin, body: batch });
    expect(retry).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect(await AlertStateModel.findById('flood-suoi-rat-level|flood:suoi-rat').lean()).toMatchObject({ status: 'firing', severity: 'critical' });

    // A further retry changes nothing: the alert state has seen the reading.
    const again = await stack.request('POST', '/api/events', { token: admin, body: batch });
    expect(again).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect(await AlertStateModel.findById('flood-suoi-rat-level|flood:suoi-rat').lean()).toMatchObject({ status: 'firing', rev: 1 });
  });

  it('is evaluated by the running API once it has waited a minute, when the sender never retries', async () => {
    const admin = await stack.login('admin');
    const evaluator = stack.app.evaluator;
    const evaluate = evaluator.evaluate.bind(evaluator);
    evaluator.evaluate = async () => {
      evaluator.evaluate = evaluate;
      throw Object.assign(new Error('connection 4 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
    };
    const lamp = { id: 'lamp-1', source: 'street-light/le-duan', metric: 'lamp_status', value: 'fault', observedAt: new Date().toISOString() };
    expect((await stack.request('POST', '/api/events', { token: admin, body: [lamp] })).status).toBe(503);
    expect(await PendingEvaluation.countDocuments({})).toBeGreaterThan(0);

    // The tick's sweep leaves a batch that may still be in flight alone ...
    expect(await evaluator.sweepUnevaluated({ olderThanMs: STALE_PENDING_MS })).toBe(0);
    const lampState = () => AlertStateModel.findById('streetlight-lamp-fault|streetlight:street-light/le-duan').lean();
    expect(await lampState()).toBeNull();
    // ... and evaluates it once it has waited longer than any request takes.
    expect(await evaluator.sweepUnevaluated({ olderThanMs: STALE_PENDING_MS, now: Date.now() + STALE_PENDING_MS + 1000 })).toBeGreaterThan(0);
    expect(await lampState()).toMatchObject({ status: 'firing', lastEventKey: 'street-light/le-duan|lamp-1' });
    expect(await PendingEvaluation.countDocuments({})).toBe(0);
  });
});
