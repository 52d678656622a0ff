/**
 * Rule schedules and maintenance windows, in Asia/Ho_Chi_Minh local time. Việt Nam has kept
 * UTC+7 without daylight saving since 1975, so local time is UTC + 7 h — no time-zone database needed.
 */
export const CITY_UTC_OFFSET_MS = 7 * 3600_000;

/** A daily range `HH:MM`–`HH:MM` (wrapping past midnight when `to` < `from`), optionally on some weekdays (0 = Sunday). */
export interface DailyRange {
  from: string;
  to: string;
  days?: number[];
}

/** A one-off range: local date-times without offset (`2026-12-01T22:00`) or ISO with an offset. */
export interface AbsoluteRange {
  start: string;
  end: string;
}

export type TimeRange = DailyRange | AbsoluteRange;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Parses a local (offset-less) date-time as Asia/Ho_Chi_Minh. */
export function cityTime(text: string): number {
  const hasOffset = /(Z|[+-]\d\d:?\d\d)$/.test(text);
  const t = Date.parse(hasOffset ? text : `${text}+07:00`);
  if (Number.isNaN(t)) throw new RangeError(`not a date-time: ${text}`);
  return t;
}

export function inRange(range: TimeRange, at: number): boolean {
  if ('start' in range) return at >= cityTime(range.start) && at < cityTime(range.end);
  const local = new Date(at + CITY_UTC_OFFSET_MS);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const from = minutes(range.from);
  const to = minutes(range.to);
  const wraps = to <= from;
  const inside = wraps ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inside || !range.days) return inside;
  // A wrapped range belongs to the day it started on.
  const day = wraps && minute < to ? (local.getUTCDay() + 6) % 7 : local.getUTCDay();
  return range.days.includes(day);
}

export function validateRange(range: TimeRange): void {
  if ('start' in range) {
    if (cityTime(range.end) <= cityTime(range.start)) throw new RangeError('a maintenance window must end after it starts');
  } else {
    minutes(range.from);
    minutes(range.to);
  }
}

/** Firing is suppressed outside the schedule (when there is one) and inside any maintenance window. */
export function isSuppressed(at: number, schedule: TimeRange[] | undefined, maintenance: TimeRange[] | undefined): boolean {
  if (schedule?.length && !schedule.some((r) => inRange(r, at))) return true;
  return !!maintenance?.some((r) => inRange(r, at));
}
