import { WindowStore, aggregate, forecastExceeds, holt, pointInPolygon, ratePerHour } from './window';
import { inRange, isSuppressed } from './schedule';

describe('WindowStore', () => {
  it('keeps samples in time order, bounded by count and age', () => {
    const w = new WindowStore({ maxCount: 3, maxAgeMs: 10_000 });
    w.add('k', { t: 1000, v: 1 });
    w.add('k', { t: 3000, v: 3 });
    w.add('k', { t: 2000, v: 2 });
    w.add('k', { t: 2000, v: 2 });
    expect(w.last('k', 60_000, 3000).map((s) => s.v)).toEqual([1, 2, 3]);
    w.add('k', { t: 4000, v: 4 });
    expect(w.size('k')).toBe(3);
    w.add('k', { t: 20_000, v: 5 });
    expect(w.last('k', 60_000, 20_000).map((s) => s.v)).toEqual([5]);
  });

  it('keeps no more of a stream than its rules look back (keepMs), and counts what it holds', () => {
    const w = new WindowStore({ maxCount: 100, maxAgeMs: 3600_000 });
    for (let t = 0; t <= 10 * 60_000; t += 60_000) w.add('a', { t, v: t / 60_000 }, 5 * 60_000);
    expect(w.last('a', 3600_000, 10 * 60_000).map((s) => s.v)).toEqual([5, 6, 7, 8, 9, 10]);
    w.add('b', { t: 0, v: 1 });
    expect(w.totalSamples).toBe(7);
  });
});

describe('window functions', () => {
  const samples = [0, 1, 2, 3].map((i) => ({ t: i * 15 * 60_000, v: 1 + i * 0.5 }));
  it('aggregates', () => {
    expect(aggregate('avg', samples)).toBe(1.75);
    expect(aggregate('min', samples)).toBe(1);
    expect(aggregate('max', samples)).toBe(2.5);
    expect(aggregate('count', samples)).toBe(4);
    expect(aggregate('avg', [])).toBeUndefined();
  });
  it('rateOfChange per hour', () => {
    expect(ratePerHour(samples)).toBeCloseTo(2); // +1.5 in 45 minutes
    expect(ratePerHour(samples.slice(0, 1))).toBeUndefined();
  });
  it("Holt's trend follows a linear series and forecasts the crossing", () => {
    const model = holt(samples)!;
    expect(model.trendPerMs * 3600_000).toBeCloseTo(2, 1);
    expect(forecastExceeds(samples, 3.0, 30 * 60_000)).toBe(true);
    expect(forecastExceeds(samples, 5.0, 30 * 60_000)).toBe(false);
    const falling = samples.map((s) => ({ ...s, v: 5 - s.v }));
    expect(forecastExceeds(falling, 2.0, 30 * 60_000, { below: true })).toBe(true);
  });
  it('point in polygon with a hole', () => {
    const area = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [6, 4],
          [6, 6],
          [4, 6],
          [4, 4],
        ],
      ],
    };
    expect(pointInPolygon({ lat: 2, lon: 2 }, area)).toBe(true);
    expect(pointInPolygon({ lat: 5, lon: 5 }, area)).toBe(false);
    expect(pointInPolygon({ lat: 11, lon: 5 }, area)).toBe(false);
  });
});

describe('schedules in Asia/Ho_Chi_Minh', () => {
  const at = (local: string) => Date.parse(`${local}+07:00`);
  it('daily ranges wrap past midnight and honour weekdays of the start day', () => {
    const night = { from: '22:00', to: '06:00', days: [1] }; // Monday nights
    expect(inRange(night, at('2026-11-23T23:00'))).toBe(true); // Monday 23:00
    expect(inRange(night, at('2026-11-24T05:00'))).toBe(true); // Tuesday 05:00, Monday's night
    expect(inRange(night, at('2026-11-24T23:00'))).toBe(false);
    expect(inRange(night, at('2026-11-23T12:00'))).toBe(false);
  });
  it('suppresses outside the schedule and inside a maintenance window', () => {
    expect(isSuppressed(at('2026-11-25T12:00'), [{ from: '08:00', to: '17:00' }], undefined)).toBe(false);
    expect(isSuppressed(at('2026-11-25T18:00'), [{ from: '08:00', to: '17:00' }], undefined)).toBe(true);
    expect(isSuppressed(at('2026-11-25T12:00'), undefined, [{ start: '2026-11-25T11:00', end: '2026-11-25T13:00' }])).toBe(true);
  });
});
