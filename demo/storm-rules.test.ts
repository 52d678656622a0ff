// The simulated storm (scripts/simulate/scenario.ts) through the demo rules, in memory: the same
// normalisation as ingest and the same state machine as live evaluation (rules/evaluation.ts
// `backtest`), so every incident `npm run simulate` narrates is one the rules really open.
import type { IncomingEvent } from '../api/events/event-schema';
import { backtest, type BacktestResult, type TimelineEntry } from '../rules/evaluation';
import { scenario } from '../scripts/simulate/scenario';
import { RULES } from './rules';
import { demoRuleIndex, storedEvent } from './test-support';

const START = Date.parse('2026-11-25T00:00:00Z');
const minuteOf = (t: TimelineEntry) => (t.at - START) / 60_000;

describe('the simulated storm through the demo rules', () => {
  const readings = [...scenario({ start: new Date(START), runId: 't', minutes: 120 })].flat();
  let result: BacktestResult;
  const of = (ruleKey: string, kind?: TimelineEntry['kind']) => result.transitions.filter((t) => t.ruleKey === ruleKey && (!kind || t.kind === kind));

  beforeAll(async () => {
    result = await backtest(demoRuleIndex(), readings.map(storedEvent));
  });

  it('sends only readings ingest accepts and evaluates (none rejected or suspect)', () => {
    expect(result.events).toBe(readings.length);
    expect(readings.map(storedEvent).filter((e) => e.suspect)).toEqual([]);
  });

  it('opens an incident through every rule but the night-time power rule, each transition going to Temporal', () => {
    const fired = result.transitions.filter((t) => t.kind === 'fired');
    expect([...new Set(fired.map((t) => t.ruleKey))].sort()).toEqual(
      RULES.map((r) => r._id)
        .filter((k) => k !== 'streetlight-power-loss')
        .sort(),
    );
    expect(fired.every((t) => t.signalled)).toBe(true);
  });

  it('flood: the forecast opens the Suối Rạt incident before the gauge reaches 2.5 m, the level rule raises it to critical and clears it once', () => {
    const [forecast, ...moreForecasts] = of('flood-suoi-rat-forecast', 'fired');
    const [level, ...moreLevels] = of('flood-suoi-rat-level', 'fired');
    expect([moreForecasts, moreLevels]).toEqual([[], []]);
    expect(forecast).toMatchObject({ severity: 'warning', correlationKey: 'flood:suoi-rat' });
    expect(forecast!.value as number).toBeLessThan(2.5);
    expect(level).toMatchObject({ severity: 'warning', correlationKey: 'flood:suoi-rat' });
    expect(minuteOf(forecast!)).toBeLessThan(minuteOf(level!));
    const [critical, ...moreRaises] = of('flood-suoi-rat-level', 'level-raised');
    expect(moreRaises).toEqual([]);
    expect(critical).toMatchObject({ severity: 'critical' });
    expect(critical!.value as number).toBeGreaterThanOrEqual(3.0);
    expect(of('flood-suoi-rat-level', 'cleared')).toHaveLength(1);
    // The early warning hands over at 3 m and sends no peaks of its own.
    expect(of('flood-suoi-rat-forecast', 'peak')).toEqual([]);
  });

  it('air quality: both stations pass the hourly PM2.5 limit after holding it 15 minutes; Tân Bình reaches "xấu"', () => {
    const fired = of('air-quality-pm25', 'fired');
    expect(fired.map((t) => [t.correlationKey, t.severity])).toEqual(
      expect.arrayContaining([
        ['air-quality:air-quality/tan-phu-01', 'warning'],
        ['air-quality:air-quality/tan-binh-01', 'warning'],
      ]),
    );
    expect(fired).toHaveLength(2);
    for (const t of fired) {
      const pending = of('air-quality-pm25', 'pending').find((p) => p.correlationKey === t.correlationKey)!;
      expect(minuteOf(t) - minuteOf(pending)).toBeGreaterThanOrEqual(15);
    }
    expect(of('air-quality-pm25', 'level-raised')).toEqual([expect.objectContaining({ correlationKey: 'air-quality:air-quality/tan-binh-01', severity: 'critical' })]);
  });

  it('street lights: the failed lamp on Lê Duẩn opens one incident for that street', () => {
    expect(of('streetlight-lamp-fault', 'fired')).toEqual([
      expect.objectContaining({ correlationKey: 'streetlight:street-light/le-duan', severity: 'warning', value: 'fault', at: START + 40 * 60_000 }),
    ]);
    expect(of('streetlight-power-loss')).toEqual([]);
  });

  it('cameras: the crowd at the market fires after 5 minutes and clears; the intrusion at bridge 11 fires at the peak and clears', () => {
    const crowd = of('camera-crowd');
    expect(crowd.filter((t) => t.kind === 'fired')).toEqual([expect.objectContaining({ correlationKey: 'camera:crowd:camera-ai/cho-dong-xoai', severity: 'warning' })]);
    expect(minuteOf(crowd.find((t) => t.kind === 'fired')!) - minuteOf(crowd.find((t) => t.kind === 'pending')!)).toBeGreaterThanOrEqual(5);
    expect(crowd.at(-1)).toMatchObject({ kind: 'cleared' });
    const intrusion = of('camera-intrusion').filter((t) => t.kind === 'fired' || t.kind === 'cleared');
    expect(intrusion.map((t) => [t.kind, t.correlationKey, t.severity, minuteOf(t)])).toEqual([
      ['fired', 'camera:intrusion:camera-ai/cau-11-suoi-rat', 'critical', 60],
      ['cleared', 'camera:intrusion:camera-ai/cau-11-suoi-rat', 'critical', 63],
    ]);
  });

  it('citizen reports: the flooding report opens its own warning incident', () => {
    const [report, ...more] = of('citizen-report-received', 'fired');
    expect(more).toEqual([]);
    expect(report).toMatchObject({ severity: 'warning', correlationKey: 'citizen-report:ngap-ung:citizen-report/binh-phuoc-today:2026-11-25T00:48:00.000Z' });
  });
});

describe('demo rules beyond the storm', () => {
  let seq = 0;
  /** An instant given in Đồng Xoài local time (`2026-11-25T22:00`), plus some minutes. */
  const local = (time: string, plusMinutes = 0) => new Date(Date.parse(`${time}:00+07:00`) + plusMinutes * 60_000).toISOString();
  const reading = (source: string, metric: string, value: IncomingEvent['value'], observedAt: string): IncomingEvent => ({ id: `r-${++seq}`, source, metric, value, observedAt });
  /** Readings every `step` minutes from a local start time. */
  const series = (source: string, metric: string, values: number[], start: string, step = 1) => values.map((v, i) => reading(source, metric, v, local(start, i * step)));
  const run = async (events: IncomingEvent[]) => (await backtest(demoRuleIndex(), events.map(storedEvent))).transitions.filter((t) => t.kind === 'fired');

  it('a street without power fires critical after 10 minutes at night, never by day when the lights are off', async () => {
    const dark = (start: string) => series('street-light/ly-thuong-kiet', 'power_w', [0, 0, 0], start, 10);
    expect(await run(dark('2026-11-25T22:00'))).toEqual([
      expect.objectContaining({ ruleKey: 'streetlight-power-loss', severity: 'critical', correlationKey: 'streetlight:street-light/ly-thuong-kiet' }),
    ]);
    expect(await run(dark('2026-11-25T12:00'))).toEqual([]);
  });

  it('an intrusion seen outside the Suối Rạt zone opens nothing', async () => {
    expect(await run([reading('camera-ai/quang-truong-tinh', 'intrusion', true, local('2026-11-25T21:00'))])).toEqual([]);
    expect(await run([reading('camera-ai/cau-11-suoi-rat', 'intrusion', true, local('2026-11-25T21:00'))])).toHaveLength(1);
  });

  it('watches crowds only in the urban wards (inArea on the camera’s ward)', async () => {
    const crowd = (unit: string) => ({ source: 'camera-ai/x', metric: 'crowd_count', value: 400, type: 'camera-ai', unit, observedAt: local('2026-11-25T19:00') });
    const matched = async (unit: string) => (await demoRuleIndex().evaluate(crowd(unit))).find((m) => m.rule.key === 'camera-crowd')?.matched;
    expect(await matched('tan-thien')).toBe('critical');
    expect(await matched('tien-hung')).toBeUndefined();
  });

  it('a five-minute PM2.5 spike to 150 µg/m³ leaves the hourly mean below the limit: nothing opens', async () => {
    const values = Array.from({ length: 24 }, (_, i) => (i === 12 ? 150 : 30));
    expect(await run(series('air-quality/tan-phu-01', 'pm25', values, '2026-11-25T08:00', 5))).toEqual([]);
  });

  it('a crowd passing for less than 5 minutes opens nothing; 300 people held 5 minutes is critical', async () => {
    expect(await run(series('camera-ai/quang-truong-tinh', 'crowd_count', [20, 150, 160, 20, 20], '2026-11-25T19:00'))).toEqual([]);
    expect(await run(series('camera-ai/quang-truong-tinh', 'crowd_count', [320, 330, 350, 340, 360, 380], '2026-11-25T19:00'))).toEqual([
      expect.objectContaining({ ruleKey: 'camera-crowd', severity: 'critical' }),
    ]);
  });

  it('every citizen report is its own incident, by category; an unknown category opens nothing', async () => {
    const fired = await run([
      reading('citizen-report/bpt-2041', 'report', 'ngap-ung', local('2026-11-25T13:00')),
      reading('citizen-report/bpt-3310', 'report', 'ngap-ung', local('2026-11-25T13:05')),
      reading('citizen-report/bpt-3310', 'report', 'rac-thai', local('2026-11-25T13:10')),
      reading('citizen-report/bpt-3310', 'report', 'no-such-category', local('2026-11-25T13:15')),
    ]);
    expect(fired.map((t) => [t.correlationKey.split(':')[1], t.severity])).toEqual([
      ['ngap-ung', 'warning'],
      ['ngap-ung', 'warning'],
      ['rac-thai', 'info'],
    ]);
    expect(new Set(fired.map((t) => t.correlationKey)).size).toBe(3);
  });
});
