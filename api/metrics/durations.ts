/** A set of durations summarised the way the dashboard shows them; `null` when there is nothing to summarise. */
export interface DurationSummary {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

/** Milliseconds from `start` to `end`, or undefined when either is missing (not acknowledged, not resolved yet). */
export function between(start: Date | null | undefined, end: Date | null | undefined): number | undefined {
  if (!start || !end) return undefined;
  return end.getTime() - start.getTime();
}

/** Arithmetic mean rounded to whole milliseconds; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  return Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
}

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it
 * (rank ⌈p/100 · n⌉ in ascending order). Always one of the measured durations, never an
 * interpolation, so a leader can find the incident behind the number.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(values: readonly number[]): DurationSummary {
  return { count: values.length, avgMs: mean(values), p50Ms: percentile(values, 50), p90Ms: percentile(values, 90) };
}
