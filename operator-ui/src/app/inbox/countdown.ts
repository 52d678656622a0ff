/** Due within this long: shown orange. */
export const DUE_SOON_MS = 15 * 60_000;

export type DueClass = 'overdue' | 'due-soon' | 'on-time' | 'no-due';

/** How urgent a due time is at `now`: past it red, within 15 minutes orange. */
export function dueClass(dueAt: string | null | undefined, now: number): DueClass {
  if (!dueAt) return 'no-due';
  const left = Date.parse(dueAt) - now;
  if (Number.isNaN(left)) return 'no-due';
  if (left <= 0) return 'overdue';
  return left <= DUE_SOON_MS ? 'due-soon' : 'on-time';
}

export type DurationUnit = 'd' | 'h' | 'm' | 's';

/** The time left (or past due) in at most two units: "2 ngày 3 giờ", "1 giờ 5 phút", "12 phút", "40 giây". */
export function durationParts(ms: number): { n: number; unit: DurationUnit }[] {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d)
    return h
      ? [
          { n: d, unit: 'd' },
          { n: h, unit: 'h' },
        ]
      : [{ n: d, unit: 'd' }];
  if (h)
    return m
      ? [
          { n: h, unit: 'h' },
          { n: m, unit: 'm' },
        ]
      : [{ n: h, unit: 'h' }];
  if (m) return [{ n: m, unit: 'm' }];
  return [{ n: s, unit: 's' }];
}

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/** "còn 12 phút" / "quá hạn 5 phút" (or the English), through the dictionaries' `inbox.due.*` words. */
export function formatCountdown(dueAt: string | null | undefined, now: number, t: Translate): string {
  if (!dueAt || Number.isNaN(Date.parse(dueAt))) return t('inbox.due.none');
  const left = Date.parse(dueAt) - now;
  const time = durationParts(left)
    .map((p) => t(`inbox.due.${p.unit}`, { n: p.n }))
    .join(' ');
  return t(left <= 0 ? 'inbox.due.overdue' : 'inbox.due.left', { time });
}
