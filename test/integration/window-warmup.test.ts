import { EventEvaluator } from '../../api/events/event-evaluator';
import { AlertStateModel } from '../../model';
import { RuleStore } from '../../rules/rule-store';
import { TestStack } from '../support/test-stack';

/**
 * A restarted API evaluates an average over stored readings, not over the few it has seen since
 * it started: a fresh evaluator (a new process) warms the stream's window from the events
 * collection, as far back as the rule looks, before it evaluates.
 */
describe('rule windows after a restart', () => {
  let stack: TestStack;
  let admin: string;
  const GAUGE = 'flood-sensor/test-warm-1';
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  beforeAll(async () => {
    stack = await TestStack.start('window_warmup');
    admin = await stack.login('admin');
    const res = await stack.request('POST', '/api/sources', {
      token: admin,
      body: { id: GAUGE, type: 'flood-sensor', name: 'Warm gauge', unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => stack?.close());

  it('a fresh evaluator averages over the readings stored before it started, within the rule’s lookback only', async () => {
    // Stored before the rule exists (nothing evaluates them): 20 minutes ago a 0 the 10-minute mean
    // must not count, then three readings at 4 m.
    const readings = [
      { id: 'w-0', value: 0, at: minutesAgo(20) },
      { id: 'w-1', value: 4, at: minutesAgo(6) },
      { id: 'w-2', value: 4, at: minutesAgo(4) },
      { id: 'w-3', value: 4, at: minutesAgo(2) },
    ];
    const posted = await stack.request('POST', '/api/events', {
      token: admin,
      body: readings.map((r) => ({ id: r.id, source: GAUGE, metric: 'water_level_m', value: r.value, observedAt: r.at.toISOString() })),
    });
    expect(posted.status).toBe(202);
    const saved = await stack.request('PUT', '/api/rules/warm-avg', {
      token: admin,
      body: {
        name: 'Mean level over 10 minutes',
        source: GAUGE,
        metric: 'water_level_m',
        levels: [{ severity: 'warning', conditions: { all: [{ fact: 'avg', params: { minutes: 10 }, operator: 'greaterThanInclusive', value: 3 }] } }],
        correlationKey: 'warm:{{source}}',
        action: { type: 'notify' },
      },
    });
    expect(saved.status).toBe(200);

    // A new process reads 2 m now. Over the stored readings of the last 10 minutes the mean is
    // (4 + 4 + 4 + 2) / 4 = 3.5: the level holds and the alert fires. Over a cold window (2) or with
    // the 20-minute-old 0 counted ((0 + 4 + 4 + 4 + 2) / 5 = 2.8) it would stay normal.
    const restarted = new EventEvaluator(new RuleStore(), { kick: () => undefined });
    await restarted.evaluate([{ _id: `${GAUGE}|w-4`, source: GAUGE, sourceType: 'flood-sensor', metric: 'water_level_m', value: 2, observedAt: new Date() }]);
    expect(await AlertStateModel.findById(`warm-avg|warm:${GAUGE}`).lean()).toMatchObject({ status: 'firing', severity: 'warning', reading: { value: 2 } });
  });
});
