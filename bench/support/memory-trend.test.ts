import { memoryTrend } from './memory-trend';
import type { RssSample } from './rss';

const series = (rss: (minute: number) => number, minutes = 30): RssSample[] =>
  Array.from({ length: minutes * 6 + 1 }, (_, i) => ({ t: i * 10_000, rssMb: rss(i / 6), phase: 'soak', done: i }));

describe('memoryTrend', () => {
  it('calls a sawtooth around a level flat, after the warm-up climb', () => {
    const trend = memoryTrend(
      series((m) => (m < 5 ? 100 + m * 20 : 200 + ((m * 7) % 3) * 5)),
      5 * 60_000,
    )!;
    expect(trend.flat).toBe(true);
    expect(Math.abs(trend.slopeMbPerHour)).toBeLessThan(10);
    expect(trend.meanMb).toBeGreaterThan(195);
  });

  it('calls a steady climb a leak, and gives its slope per hour', () => {
    const trend = memoryTrend(
      series((m) => 200 + m),
      5 * 60_000,
    )!;
    expect(trend.flat).toBe(false);
    expect(trend.slopeMbPerHour).toBeCloseTo(60, 0);
    expect(trend.growthMb).toBeCloseTo(25, 0);
  });

  it('has no trend with fewer than two samples after the warm-up', () => {
    expect(
      memoryTrend(
        series(() => 100, 1),
        5 * 60_000,
      ),
    ).toBeUndefined();
  });
});
