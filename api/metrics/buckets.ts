/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving), so a fixed offset is exact. */
export const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export const BUCKETS = ['day', 'week'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The start of the Vietnamese day (or Monday-started week) that `t` falls in. */
export function bucketStart(t: Date, bucket: Bucket): Date {
  const local = t.getTime() + VN_OFFSET_MS;
  let midnight = Math.floor(local / DAY_MS) * DAY_MS;
  if (bucket === 'week') {
    const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    midnight -= weekday * DAY_MS;
  }
  return new Date(midnight - VN_OFFSET_MS);
}

/** Every bucket start from the one holding `from` to the one holding `to`, so empty days still get a bar. */
export function bucketStarts(from: Date, to: Date, bucket: Bucket): Date[] {
  const step = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const starts: Date[] = [];
  for (let t = bucketStart(from, bucket).getTime(); t <= to.getTime(); t += step) starts.push(new Date(t));
  return starts;
}

/** Index of the bucket holding `t` among `starts` (equal steps), or -1 when outside them. */
export function bucketIndex(starts: readonly Date[], t: Date, bucket: Bucket): number {
  if (!starts.length) return -1;
  const step = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const i = Math.floor((t.getTime() - starts[0]!.getTime()) / step);
  return i >= 0 && i < starts.length ? i : -1;
}

/** A bucket start as local Vietnamese time with its offset, e.g. `2026-11-02T00:00:00+07:00`. */
export function formatVn(t: Date): string {
  return `${new Date(t.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
