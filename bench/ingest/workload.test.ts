import { Engine } from 'json-rules-engine';
import { RuleIndex, validateRule } from '../../rules/rule-index';
import { VALUE_MAX, VALUE_MIN, benchReadings, benchRules, inBatches, plainEngineRule, thresholdRule } from './workload';

const hot = { source: 'air-quality/bench-hot', metric: 'pm25' };
const facts = (value: number, source = hot.source) => ({ source, metric: hot.metric, value, observedAt: '2026-11-25T00:00:00Z' });

describe('bench:ingest workload', () => {
  it('makes rules the API would accept, notify only', () => {
    const rule = thresholdRule('r1', hot, 60);
    expect(() => validateRule(rule)).not.toThrow();
    expect(rule.action.type).toBe('notify');
  });

  it('puts exactly perStream rules on each stream and the rest on sources of their own', () => {
    const other = { source: 'air-quality/bench-02', metric: 'pm25' };
    const rules = benchRules({ prefix: 't', total: 50, streams: [hot, other], perStream: 3, threshold: (i) => 50 + i });
    expect(rules).toHaveLength(50);
    expect(new Set(rules.map((r) => r.key)).size).toBe(50);
    expect(rules.filter((r) => r.source === hot.source).map((r) => r.levels?.[0]?.threshold?.value)).toEqual([50, 51, 52]);
    expect(rules.filter((r) => r.source === other.source)).toHaveLength(3);
    const elsewhere = rules.filter((r) => r.source !== hot.source && r.source !== other.source);
    expect(new Set(elsewhere.map((r) => r.source)).size).toBe(44);
    expect(() => benchRules({ prefix: 't', total: 5, streams: [hot, other], perStream: 3, threshold: () => 1 })).toThrow(RangeError);
  });

  it('makes readings round-robin over the streams, one second apart, inside the valid range', () => {
    const streams = [hot, { source: 'air-quality/bench-02', metric: 'pm25' }];
    const start = new Date('2026-11-25T00:00:00Z');
    const readings = benchReadings({ idPrefix: 'p', count: 2000, streams, start, firstIndex: 10 });
    expect(readings[0]).toMatchObject({ id: 'p-10', source: hot.source, observedAt: '2026-11-25T00:00:10.000Z' });
    expect(readings[1]).toMatchObject({ id: 'p-11', source: 'air-quality/bench-02', observedAt: '2026-11-25T00:00:11.000Z' });
    expect(Math.min(...readings.map((r) => r.value))).toBeGreaterThanOrEqual(VALUE_MIN);
    expect(Math.max(...readings.map((r) => r.value))).toBeLessThan(VALUE_MAX);
    expect(benchReadings({ idPrefix: 'p', count: 3, streams, start })).toEqual(benchReadings({ idPrefix: 'p', count: 3, streams, start }));
  });

  it('splits into batches of at most the given size', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inBatches([], 2)).toEqual([]);
  });

  it('translates a rule for one plain Engine that matches what RuleIndex matches', async () => {
    const rules = benchRules({ prefix: 'c', total: 30, streams: [hot], perStream: 10, threshold: (i) => 50 + 10 * i });
    const index = new RuleIndex(rules);
    const engine = new Engine([], { allowUndefinedFacts: true });
    rules.forEach((r) => engine.addRule(plainEngineRule(r)));
    for (const value of [49, 50, 95, 140, 149]) {
      const ours = (await index.evaluate(facts(value)))
        .filter((m) => m.matched)
        .map((m) => m.rule.key)
        .sort();
      const plain = (await engine.run(facts(value))).events.map((e) => String(e.params?.ruleKey)).sort();
      expect(plain).toEqual(ours);
    }
    expect((await engine.run(facts(200, 'air-quality/elsewhere-0'))).events).toHaveLength(1);
  });

  it('refuses to translate shapes it does not know', () => {
    expect(() => plainEngineRule({ ...thresholdRule('x', hot, 1), clear: { threshold: { op: '<', value: 0 } } })).toThrow(RangeError);
  });
});
