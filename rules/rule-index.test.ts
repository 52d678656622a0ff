import { RuleIndex, renderTemplate, ruleLookbackMs, validateRule, type RuleDefinition } from './rule-index';
import { WindowStore } from './window';

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
const reading = (value: number, over: Partial<{ source: string; metric: string; type: string; unit: string }> = {}) => ({
  source: 'flood-sensor/suoi-rat-bridge-11',
  metric: 'water_level_m',
  value,
  observedAt: '2026-11-25T00:00:00Z',
  ...over,
});
const matched = async (index: RuleIndex, r: ReturnType<typeof reading>) => (await index.evaluate(r)).filter((m) => m.matched).map((m) => m.rule.key);

describe('RuleIndex', () => {
  it('matches at and above the threshold, not below (the original single-condition shape)', async () => {
    const index = new RuleIndex([rule({})]);
    const [below] = await index.evaluate(reading(2.99));
    expect(below!.matched).toBeUndefined();
    const [m] = await index.evaluate(reading(3.0));
    expect(m).toMatchObject({ matched: 'critical', correlationKey: 'flood:flood-sensor/suoi-rat-bridge-11', title: 'Flood flood-sensor/suoi-rat-bridge-11' });
  });

  it('tests an event only against rules of its source (or source type) and metric', async () => {
    const index = new RuleIndex([
      rule({}),
      rule({ key: 'other-source', source: 'air/tan-phu-1' }),
      rule({ key: 'other-metric', metric: 'rain_mm' }),
      rule({ key: 'by-type', source: undefined, sourceType: 'flood-sensor' }),
    ]);
    expect(await matched(index, reading(5))).toEqual(['flood-critical']);
    expect(await matched(index, reading(5, { type: 'flood-sensor' }))).toEqual(['flood-critical', 'by-type']);
    expect(await matched(index, reading(5, { metric: 'rain_mm' }))).toEqual(['other-metric']);
    expect(await index.evaluate(reading(5, { source: 'unknown' }))).toEqual([]);
  });

  it('skips disabled rules', async () => {
    const index = new RuleIndex([rule({ enabled: false })]);
    expect(index.size).toBe(0);
    expect(await index.evaluate(reading(9))).toEqual([]);
  });

  it('reports the most severe level that holds, and the clear condition separately', async () => {
    const index = new RuleIndex([
      rule({
        conditions: undefined,
        levels: [
          { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
          { severity: 'critical', threshold: { op: '>=', value: 3.0 } },
        ],
        clear: { threshold: { op: '<', value: 2.3 } },
      }),
    ]);
    expect((await index.evaluate(reading(2.7)))[0]).toMatchObject({ matched: 'warning', clearMatched: false });
    expect((await index.evaluate(reading(3.1)))[0]).toMatchObject({ matched: 'critical', clearMatched: false });
    expect((await index.evaluate(reading(2.4)))[0]).toMatchObject({ clearMatched: false });
    expect((await index.evaluate(reading(2.2)))[0]).toMatchObject({ clearMatched: true });
  });

  it('renders the correlation key, title and variables over the facts (ward via {{unit}})', async () => {
    const index = new RuleIndex([
      rule({
        correlationKey: 'flood:{{unit}}',
        action: { type: 'open-incident', severity: 'warning', sopKey: 's', title: '{{value}} m', variables: { level: '{{value}}', ward: '{{unit}}' } },
      }),
    ]);
    const [m] = await index.evaluate(reading(3.5, { unit: 'tan-phu' }));
    expect(m).toMatchObject({ correlationKey: 'flood:tan-phu', title: '3.5 m', variables: { level: '3.5', ward: 'tan-phu' } });
  });

  it('offers windowed avg/min/max/count and rateOfChange facts', async () => {
    const windows = new WindowStore();
    const key = WindowStore.key('flood-sensor/suoi-rat-bridge-11', 'water_level_m');
    const t0 = Date.parse('2026-11-25T00:00:00Z');
    [1, 2, 3].forEach((v, i) => windows.add(key, { t: t0 - (2 - i) * 60_000, v }));
    const index = new RuleIndex([
      rule({ key: 'avg', conditions: { all: [{ fact: 'avg', params: { minutes: 5 }, operator: 'equal', value: 2 }] } }),
      rule({ key: 'count', conditions: { all: [{ fact: 'count', params: { minutes: 1.5 }, operator: 'equal', value: 2 }] } }),
      rule({ key: 'max', conditions: { all: [{ fact: 'max', params: { minutes: 5 }, operator: 'equal', value: 3 }] } }),
      rule({ key: 'min', conditions: { all: [{ fact: 'min', params: { minutes: 5 }, operator: 'equal', value: 1 }] } }),
      rule({ key: 'rate', conditions: { all: [{ fact: 'rateOfChange', params: { minutes: 5 }, operator: 'equal', value: 60 }] } }),
    ]);
    const hits = (await index.evaluate(reading(3), windows)).filter((m) => m.matched).map((m) => m.rule.key);
    expect(hits).toEqual(['avg', 'count', 'max', 'min', 'rate']);
  });

  it('inArea: a point in a GeoJSON polygon, or a ward id against the event unit', async () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [106.8, 11.5],
          [106.9, 11.5],
          [106.9, 11.6],
          [106.8, 11.6],
          [106.8, 11.5],
        ],
      ],
    };
    const index = new RuleIndex([
      rule({ key: 'geo', conditions: { all: [{ fact: 'location', operator: 'inArea', value: square }] } }),
      rule({ key: 'ward', conditions: { all: [{ fact: 'unit', operator: 'inArea', value: ['tan-phu', 'tan-dong'] }] } }),
    ]);
    const at = (lat: number, lon: number, unit: string) => ({ ...reading(1, { unit }), location: { lat, lon } });
    expect((await index.evaluate(at(11.535, 106.883, 'tan-phu'))).filter((m) => m.matched).map((m) => m.rule.key)).toEqual(['geo', 'ward']);
    expect((await index.evaluate(at(11.7, 106.883, 'tien-thanh'))).filter((m) => m.matched)).toEqual([]);
  });

  it('validates rules: missing durations, sopKey and tests are refused', () => {
    expect(() => validateRule(rule({}))).not.toThrow();
    expect(() => validateRule(rule({ pendingFor: '10 minutes' }))).toThrow(/ISO 8601/);
    expect(() => validateRule(rule({ action: { type: 'open-incident', correlationKey: 'x' } }))).toThrow(/sopKey/);
    expect(() => validateRule(rule({ conditions: undefined, levels: [{ severity: 'warning' }] }))).toThrow(/neither/);
  });
});

describe('how far back rules look', () => {
  const avg = (minutes?: number) => ({ all: [{ fact: 'avg', ...(minutes ? { params: { minutes } } : {}), operator: 'greaterThan', value: 1 }] });

  it('a threshold looks at the reading only; window facts at their minutes (10 when left out), the longest of levels, shared and clear', () => {
    expect(ruleLookbackMs(rule({}))).toBe(0);
    expect(ruleLookbackMs(rule({ conditions: avg() }))).toBe(10 * 60_000);
    expect(
      ruleLookbackMs(
        rule({
          conditions: {
            any: [{ fact: 'value', operator: 'greaterThan', value: 0 }, { not: { all: [{ fact: 'rateOfChange', params: { minutes: 15 }, operator: 'greaterThan', value: 0 }] } }],
          },
          levels: [{ severity: 'warning', conditions: avg(30) }],
          clear: { conditions: avg(60), for: 'PT10M' },
        }),
      ),
    ).toBe(60 * 60_000);
  });

  it('a stream keeps the longest lookback of the rules on its source and on its source type', () => {
    const index = new RuleIndex([
      rule({}),
      rule({ key: 'by-type', source: undefined, sourceType: 'flood-sensor', conditions: avg(20) }),
      rule({ key: 'rain', metric: 'rain_mm', conditions: avg(5) }),
    ]);
    expect(index.lookbackMs({ source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m' })).toBe(0);
    expect(index.lookbackMs({ source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', type: 'flood-sensor' })).toBe(20 * 60_000);
    expect(index.lookbackMs({ source: 'flood-sensor/suoi-rat-bridge-11', metric: 'rain_mm', type: 'flood-sensor' })).toBe(5 * 60_000);
    expect(index.groupLookbackMs({ sourceType: 'flood-sensor', metric: 'water_level_m' })).toBe(20 * 60_000);
  });
});

describe('renderTemplate', () => {
  it('fills known facts and leaves unknown placeholders visible', () => {
    expect(renderTemplate('{{metric}} at {{ source }} ({{nope}})', reading(1))).toBe('water_level_m at flood-sensor/suoi-rat-bridge-11 ({{nope}})');
  });
});
