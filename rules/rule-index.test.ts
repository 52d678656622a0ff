import { RuleIndex, renderTemplate, type RuleDefinition } from './rule-index';

const rule = (over: Partial<RuleDefinition>): RuleDefinition => ({
  key: 'flood-critical',
  name: 'Flood {{source}}',
  enabled: true,
  priority: 1,
  source: 'flood-sensor/suoi-rat-bridge-11',
  metric: 'water_level_m',
  conditions: { all: [{ fact: 'value', operator: 'greaterThanInclusive', value: 3.0 }] },
  action: { type: 'open-incident', severity: 'critical', correlationKey: 'flood:{{source}}', sopKey: 'flood-response' },
  ...over,
});
const reading = (value: number, over: Partial<{ source: string; metric: string }> = {}) => ({
  source: 'flood-sensor/suoi-rat-bridge-11',
  metric: 'water_level_m',
  value,
  observedAt: '2026-11-25T00:00:00Z',
  ...over,
});

describe('RuleIndex', () => {
  it('fires at and above the threshold, not below', async () => {
    const index = new RuleIndex([rule({})]);
    expect(await index.evaluate(reading(2.99))).toEqual([]);
    const [firing] = await index.evaluate(reading(3.0));
    expect(firing).toMatchObject({ correlationKey: 'flood:flood-sensor/suoi-rat-bridge-11', title: 'Flood flood-sensor/suoi-rat-bridge-11' });
    expect(firing!.rule.key).toBe('flood-critical');
  });

  it('tests an event only against rules of its source and metric', async () => {
    const index = new RuleIndex([rule({}), rule({ key: 'other-source', source: 'air/tan-phu-1' }), rule({ key: 'other-metric', metric: 'rain_mm' })]);
    expect((await index.evaluate(reading(5))).map((f) => f.rule.key)).toEqual(['flood-critical']);
    expect((await index.evaluate(reading(5, { metric: 'rain_mm' }))).map((f) => f.rule.key)).toEqual(['other-metric']);
    expect(await index.evaluate(reading(5, { source: 'unknown' }))).toEqual([]);
  });

  it('skips disabled rules', async () => {
    const index = new RuleIndex([rule({ enabled: false })]);
    expect(index.size).toBe(0);
    expect(await index.evaluate(reading(9))).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills known facts and leaves unknown placeholders visible', () => {
    expect(renderTemplate('{{metric}} at {{ source }} ({{nope}})', reading(1))).toBe('water_level_m at flood-sensor/suoi-rat-bridge-11 ({{nope}})');
  });
});
