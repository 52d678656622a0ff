import type { Lang } from '@ui/i18n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const UNITS: Record<Lang, { d: string; h: string; m: string; s: string }> = {
  vi: { d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' },
  en: { d: 'd', h: 'h', m: 'min', s: 's' },
};

/**
 * A handling time the way a leader reads it: the two largest units, rounded to the smaller one —
 * "45 giây", "42 phút", "1 giờ 5 phút", "2 ngày 3 giờ" ("1 h 5 min" in English); "—" when nothing was measured.
 */
export function formatDuration(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const u = UNITS[lang];
  const v = Math.max(0, ms);
  // Round first, then pick the units, so 59.6 s reads "1 phút" and not "60 giây".
  const seconds = Math.round(v / SECOND);
  if (seconds < 60) return `${seconds} ${u.s}`;
  const minutes = Math.round(v / MINUTE);
  if (minutes < 60) return `${minutes} ${u.m}`;
  if (minutes < 24 * 60) return pair(Math.floor(minutes / 60), u.h, minutes % 60, u.m);
  const hours = Math.round(v / HOUR);
  return pair(Math.floor(hours / 24), u.d, hours % 24, u.h);
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
}

/** A ratio 0..1 as a whole percentage ("87%"), "—" when no step counted. */
export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`;
}
