/** Latency percentiles as benches report them: nearest-rank on the sorted samples, in ms, rounded. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `undefined` without samples (nothing measured is not zero latency). */
export function summarise(samples: readonly number[]): LatencySummary | undefined {
  if (!samples.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Math.round(nearestRank(sorted, p));
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: Math.round(sorted[sorted.length - 1]!) };
}
