import { nearestRank, summarise } from './latency';

describe('bench latency summary', () => {
  it('takes nearest-rank percentiles of the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(summarise(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(nearestRank([5], 99)).toBe(5);
    expect(summarise([])).toBeUndefined();
  });
});
