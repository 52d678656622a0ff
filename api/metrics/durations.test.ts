import { between, mean, percentile, summarise } from './durations';

describe('duration summaries', () => {
  it('takes nearest-rank percentiles and a rounded mean', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    // sorted 1..10: p50 → rank ⌈5⌉ = 5th → 5; p90 → rank ⌈9⌉ = 9th → 9; mean 55/10 = 5.5 → 6
    expect(summarise(values)).toEqual({ count: 10, avgMs: 6, p50Ms: 5, p90Ms: 9 });
    // two values: p50 → rank ⌈1⌉ = 1st → 100; p90 → rank ⌈1.8⌉ = 2nd → 300; mean 200
    expect(summarise([300, 100])).toEqual({ count: 2, avgMs: 200, p50Ms: 100, p90Ms: 300 });
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([3, 1, 2], 0)).toBe(1);
  });
  it('gives nulls, not zeros, when nothing was measured', () => {
    expect(summarise([])).toEqual({ count: 0, avgMs: null, p50Ms: null, p90Ms: null });
    expect(mean([])).toBeNull();
  });
  it('measures only between two known instants', () => {
    expect(between(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:05:00Z'))).toBe(300_000);
    expect(between(new Date('2026-11-01T00:00:00Z'), undefined)).toBeUndefined();
    expect(between(null, new Date())).toBeUndefined();
  });
});
