/**
 * ISO 8601 durations (PT30M, P1DT2H, P2W) to milliseconds. Pure: used by the compiler and by
 * workflow code. Months and years are counted as 30 and 365 days, as SLA clocks do.
 */
const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function isIsoDuration(text: string): boolean {
  return ISO_DURATION.test(text);
}

export function isoDurationToMs(text: string): number {
  const m = ISO_DURATION.exec(text);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  const n = (i: number) => Number(m[i] ?? 0);
  const days = n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4);
  return ((days * 24 + n(5)) * 60 + n(6)) * 60_000 + n(7) * 1000;
}
