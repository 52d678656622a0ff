import { SEVERITIES, type Severity } from './metrics-types';

/** The dashboard's filters, as kept in the URL query so a view can be shared and reloaded. */
export const PERIODS = ['today', '7d', '30d', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '7d';

export interface DashboardFilters {
  period: Period;
  /** City days (YYYY-MM-DD), only with `period: 'custom'`. */
  from?: string;
  to?: string;
  sop?: string;
  unit?: string;
  severity?: Severity;
}

/** Asia/Ho_Chi_Minh is UTC+7 all year, so a city day starts at 17:00 UTC the day before. */
const CITY_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Same shape as the API accepts (api/metrics/schemas.ts); anything else in the URL is ignored. */
const KEY_RE = /^[a-z0-9][a-z0-9-]{0,99}$/;

type Query = Readonly<Record<string, string | null | undefined>>;

/** The filters a URL query asks for; unknown or malformed values fall back to the defaults. */
export function filtersFromQuery(q: Query): DashboardFilters {
  const period = (PERIODS as readonly string[]).includes(q['period'] ?? '') ? (q['period'] as Period) : DEFAULT_PERIOD;
  const f: DashboardFilters = { period };
  if (period === 'custom') {
    const from = validDay(q['from']);
    const to = validDay(q['to']);
    if (!from || !to) return filtersFromQuery({ ...q, period: null });
    // A reversed range is read the way it was meant.
    [f.from, f.to] = from <= to ? [from, to] : [to, from];
  }
  const sop = q['sop']?.trim();
  if (sop && KEY_RE.test(sop)) f.sop = sop;
  const unit = q['unit']?.trim();
  if (unit && unit.length <= 100) f.unit = unit;
  const severity = q['severity'];
  if (severity && (SEVERITIES as readonly string[]).includes(severity)) f.severity = severity as Severity;
  return f;
}

/**
 * The URL query for the filters: every filter key, `null` for a default or unset one, so
 * `router.navigate([], {queryParams, queryParamsHandling: 'merge'})` removes what was cleared.
 */
export function filtersToQuery(f: DashboardFilters): Record<'period' | 'from' | 'to' | 'sop' | 'unit' | 'severity', string | null> {
  const custom = f.period === 'custom' && !!f.from && !!f.to;
  return {
    period: f.period === DEFAULT_PERIOD || (f.period === 'custom' && !custom) ? null : f.period,
    from: custom ? f.from! : null,
    to: custom ? f.to! : null,
    sop: f.sop ?? null,
    unit: f.unit ?? null,
    severity: f.severity ?? null,
  };
}

export function sameFilters(a: DashboardFilters, b: DashboardFilters): boolean {
  const qa = filtersToQuery(a);
  const qb = filtersToQuery(b);
  return (Object.keys(qa) as (keyof typeof qa)[]).every((k) => qa[k] === qb[k]);
}

/** The city day (YYYY-MM-DD) `t` falls in. */
export function cityDay(t: Date): string {
  return new Date(t.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight of a city day, as an instant. */
function cityMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CITY_OFFSET_MS;
}

/**
 * The period as instants: today = since city midnight; 7 or 30 days = whole city days ending
 * today (so the daily trend has exactly 7 or 30 buckets); custom = from the start of `from` to
 * the end of `to`, never past now.
 */
export function periodRange(f: DashboardFilters, now: Date): { from: Date; to: Date } {
  const today = cityMidnight(cityDay(now));
  switch (f.period) {
    case 'today':
      return { from: new Date(today), to: now };
    case '7d':
      return { from: new Date(today - 6 * DAY_MS), to: now };
    case '30d':
      return { from: new Date(today - 29 * DAY_MS), to: now };
    case 'custom': {
      const from = cityMidnight(f.from ?? cityDay(now));
      const end = cityMidnight(f.to ?? cityDay(now)) + DAY_MS - 1;
      return { from: new Date(from), to: new Date(Math.max(from, Math.min(end, now.getTime()))) };
    }
  }
}

/** Daily buckets up to a month, weekly beyond (a trend line of 90 points is unreadable on a phone). */
export function trendBucket(range: { from: Date; to: Date }): 'day' | 'week' {
  return range.to.getTime() - range.from.getTime() > 31 * DAY_MS ? 'week' : 'day';
}

/** The query every metrics view takes (api/metrics/schemas.ts is strict: unset filters are left out, not sent empty). */
export function metricsParams(f: DashboardFilters, now: Date): Record<string, string> {
  const { from, to } = periodRange(f, now);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...(f.sop ? { sop: f.sop } : {}),
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
  };
}

function validDay(v: string | null | undefined): string | undefined {
  if (!v || !DAY_RE.test(v)) return undefined;
  return Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? undefined : v;
}

/**
 * Drill-down: what the incident table under the charts is narrowed to after a click on a ward bar,
 * a unit or SOP row, a step or a map cluster. Kept in the URL (`drill=ward:tan-phu`) beside the filters.
 */
export type DrillKind = 'ward' | 'unit' | 'sop' | 'ids';
export interface Drill {
  kind: DrillKind;
  /** Ward or unit id (empty = outside any ward / no unit), SOP key, or comma-separated incident ids. */
  value: string;
}

export function drillFromQuery(v: string | null | undefined): Drill | null {
  const m = /^(ward|unit|sop|ids):(.*)$/s.exec(v ?? '');
  return m ? { kind: m[1] as DrillKind, value: m[2]! } : null;
}

export function drillToQuery(d: Drill | null): string | null {
  return d ? `${d.kind}:${d.value}` : null;
}
