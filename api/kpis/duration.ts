/** ISO 8601 durations as KPI windows (`P1D`, `PT6H`, `P1W`, `P1M`); months count 30 days and years 365. */
const pattern = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const unitMs = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** Milliseconds in an ISO duration, or undefined when it is not one (fractions are not accepted). */
export function durationMs(iso: string): number | undefined {
  const m = pattern.exec(iso);
  if (!m) return undefined;
  return m.slice(1).reduce((sum, part, i) => sum + (part ? Number(part) * unitMs[i]! : 0), 0);
}
