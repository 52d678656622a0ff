import { EventEvaluator } from '../../api/events/event-evaluator';
import { AlertStateModel, Outbox } from '../../model';
import { RuleStore } from '../../rules/rule-store';
import { TestStack } from '../support/test-stack';

/**
 * Two evaluating processes meet the same new alert state at once (bench:e2e found it: two batches
 * of one new source): both insert it, the database keeps one, and the loser's duplicate-key error is
 * a lost race — it re-reads the state and re-applies its reading — not a failed batch.
 */
describe('two evaluators racing on a new alert state', () => {
  let stack: TestStack;
  const GAUGE = 'flood-sensor/test-race-1';

  beforeAll(async () => {
    stack = await TestStack.start('alert_state_race');
    const admin = await stack.login('admin');
    const source = await stack.request('POST', '/api/sources', {
      token: admin,
      body: { id: GAUGE, type: 'flood-sensor', name: 'Race gauge', unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
    });
    expect(source.status).toBe(201);
    const rule = await stack.request('PUT', '/api/rules/race-level', {
      token: admin,
      body: {
        name: 'Race level',
        source: GAUGE,
        metric: 'water_level_m',
        levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }],
        correlationKey: 'race:{{source}}',
        action: { type: 'open-incident', sopKey: 'flood-response' },
      },
    });
    expect(rule.status).toBe(200);
  });
  afterAll(async () => stack?.close());

  it('both batches succeed, the state is written once per change, and the alert fires once', async () => {
    const reading = (id: string, value: number, secondsAgo: number) => ({
      _id: `${GAUGE}|${id}`,
      source: GAUGE,
      sourceType: 'flood-sensor',
      metric: 'water_level_m',
      value,
      observedAt: new Date(Date.now() - secondsAgo * 1000),
    });
    for (let round = 0; round < 5; round++) {
      const stateId = `race-level|race:${GAUGE}`;
      await AlertStateModel.deleteOne({ _id: stateId });
      await Outbox.deleteMany({ _id: new RegExp(`^${stateId.replace(/[|/]/g, '\\$&')}`) });
      // Each round a fresh pair (no cached state), started together.
      const pair = [0, 1].map(() => new EventEvaluator(new RuleStore(), { kick: () => undefined }));
      await Promise.all([pair[0]!.evaluate([reading(`a-${round}`, 2.8, 20)]), pair[1]!.evaluate([reading(`b-${round}`, 3.1, 10)])]);
      const state = await AlertStateModel.findById(stateId).lean();
      expect(state).toMatchObject({ status: 'firing', episode: 1 });
      const fired = await Outbox.find({ _id: new RegExp(`\\|1\\|fired\\|`) }).lean();
      expect(fired.filter((r) => String(r._id).startsWith(stateId))).toHaveLength(1);
    }
  });
});
