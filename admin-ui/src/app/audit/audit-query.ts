/** The audit view's filters as typed: times are `datetime-local` values in city time (UTC+7, no DST). */
export interface AuditFilter {
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = { actor: '', entity: '', entityId: '', action: '', from: '', to: '' };

/** Đồng Xoài keeps UTC+7 all year, so a wall-clock time there is that time with a fixed offset. */
const CITY_OFFSET = '+07:00';

/** `2026-11-25T08:30` (city time) → `2026-11-25T08:30:00+07:00`; undefined for an empty or malformed value. */
export function cityTimeToIso(local: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(local.trim());
  return m ? `${m[1]}T${m[2]}:${m[3] ?? '00'}${CITY_OFFSET}` : undefined;
}

/** The query string of `GET /api/audit` (without `?`): blank filters left out, times in ISO with the city offset. */
/** Where the next page starts: the last entry's time and id (the API's `nextBefore`, `nextBeforeId`). */
export interface AuditCursor {
  before: string;
  beforeId: string | null;
}

export function auditQueryString(filter: AuditFilter, page: { limit: number; cursor?: AuditCursor | null }): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'entity', 'entityId', 'action'] as const) {
    const v = filter[key].trim();
    if (v) params.set(key, v);
  }
  const from = cityTimeToIso(filter.from);
  const to = cityTimeToIso(filter.to);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  params.set('limit', String(page.limit));
  if (page.cursor) {
    params.set('before', page.cursor.before);
    if (page.cursor.beforeId) params.set('beforeId', page.cursor.beforeId);
  }
  return params.toString();
}
