import { SOURCES } from '../../demo/dataset';
import { floodLevel, scenario, type SimulatedReading } from './scenario';

const all = (): SimulatedReading[][] => [...scenario({ start: new Date('2026-11-25T00:00:00Z'), runId: 't', minutes: 120 })];

describe('simulated storm', () => {
  it('raises the Suối Rạt gauge past the critical 3.0 m and brings it back below the 2.3 m clear level', () => {
    const levels = all().map((batch) => batch.find((r) => r.metric === 'water_level_m')!.value as number);
    const peak = Math.max(...levels);
    expect(peak).toBeGreaterThan(3.0);
    const peakAt = levels.indexOf(peak);
    expect(levels[0]).toBeLessThan(2.3);
    expect(levels[levels.length - 1]).toBeLessThan(2.3);
    expect(peakAt).toBeGreaterThan(30);
    expect(peakAt).toBeLessThan(90);
    expect(floodLevel(60, 120)).toBeCloseTo(3.55, 2);
  });

  it('only names sources and metrics of the demo registry, with unique ids', () => {
    const readings = all().flat();
    for (const r of readings) {
      const source = SOURCES.find((s) => s._id === r.source);
      expect(source?.metrics.map((m) => m.key)).toContain(r.metric);
    }
    expect(new Set(readings.map((r) => r.id)).size).toBe(readings.length);
  });

  it('tells a lamp failure, a crowd at the market, a citizen report and an intrusion at bridge 11', () => {
    const readings = all().flat();
    expect(readings.filter((r) => r.metric === 'lamp_status').map((r) => [r.source, r.value])).toEqual([
      ['street-light/le-duan', 'ok'],
      ['street-light/ly-thuong-kiet', 'ok'],
      ['street-light/le-duan', 'fault'],
    ]);
    expect(Math.max(...readings.filter((r) => r.metric === 'crowd_count').map((r) => r.value as number))).toBeGreaterThanOrEqual(150);
    expect(readings.filter((r) => r.metric === 'report').map((r) => r.value)).toEqual(['ngap-ung']);
    const intrusion = readings.filter((r) => r.metric === 'intrusion');
    expect(intrusion.map((r) => [r.source, r.value])).toEqual([
      ['camera-ai/cau-11-suoi-rat', true],
      ['camera-ai/cau-11-suoi-rat', false],
    ]);
  });

  it('is the same story every time for the same seed', () => {
    expect(JSON.stringify(all())).toBe(JSON.stringify(all()));
  });
});
