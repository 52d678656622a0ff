import type { InboxTask, Severity } from '../task/task-api';

export type InboxSort = 'sla' | 'newest';

export interface InboxFilter {
  severity: Severity | '';
  status: 'open' | 'claimed' | '';
  /** Matched against the step name and the incident title, ignoring case and Vietnamese diacritics. */
  text: string;
}

export const NO_FILTER: InboxFilter = { severity: '', status: '', text: '' };

/** Lower case without diacritics, so "ngap" finds "Ngập" and "duong" finds "Đường". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();
}

export function filterTasks(tasks: readonly InboxTask[], f: InboxFilter): InboxTask[] {
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  return tasks.filter((t) => {
    if (f.severity && t.incident?.severity !== f.severity) return false;
    if (f.status && t.status !== f.status) return false;
    if (!words.length) return true;
    const haystack = fold(`${t.name} ${t.incident?.title ?? ''}`);
    return words.every((w) => haystack.includes(w));
  });
}

const time = (iso: string | null | undefined, missing: number) => {
  const v = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(v) ? missing : v;
};

/** SLA: earliest due first, tasks without a due time last (oldest first among equals); newest: latest created first. */
export function sortTasks(tasks: readonly InboxTask[], sort: InboxSort): InboxTask[] {
  const out = [...tasks];
  if (sort === 'newest') return out.sort((a, b) => time(b.createdAt, 0) - time(a.createdAt, 0) || a.id.localeCompare(b.id));
  return out.sort((a, b) => time(a.dueAt, Infinity) - time(b.dueAt, Infinity) || time(a.createdAt, 0) - time(b.createdAt, 0) || a.id.localeCompare(b.id));
}
