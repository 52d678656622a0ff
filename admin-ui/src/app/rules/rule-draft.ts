/**
 * The guided threshold editor's model and its mapping to the API's rule body (RuleDefinition in
 * rules/rule-index.ts). Pure, so the mapping is tested without a browser. Whatever the guided form
 * does not show (json-rules-engine `conditions`, schedules, variables…) is carried in `extra` and
 * written back untouched; a rule whose levels the form cannot show is `advancedOnly`.
 */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const OPS = ['>=', '>', '<=', '<'] as const;
export type Op = (typeof OPS)[number];

/** Level colours, the same on the chart, the form and (later) the operator's map. */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = { info: '#1e88e5', warning: '#f9a825', critical: '#c62828' };
export const CLEAR_COLOUR = '#2e7d32';

export interface LevelDraft {
  severity: Severity;
  op: Op;
  value: number | null;
}

/** A one-off maintenance window in city time, as `<input type="datetime-local">` gives it (`2026-12-01T22:00`). */
export interface WindowDraft {
  start: string;
  end: string;
}

export interface RuleDraft {
  key: string;
  name: string;
  enabled: boolean;
  priority: number;
  target: 'source' | 'sourceType';
  source: string;
  sourceType: string;
  metric: string;
  levels: LevelDraft[];
  sustainedMinutes: number | null;
  keepFiringMinutes: number | null;
  clear: { enabled: boolean; op: Op; value: number | null; minutes: number | null };
  correlationKey: string;
  action: { type: 'open-incident' | 'notify'; sopKey: string; title: string };
  maintenanceWindows: WindowDraft[];
  noData: { treatAs: 'keep-last' | 'alerting' | 'normal'; minutes: number | null };
  /** Fields of the stored rule the guided form does not edit, written back as they were. */
  extra: Record<string, unknown>;
  /** Why only the Advanced tab can edit this rule, when it cannot be shown in the form. */
  advancedOnly?: string;
}

export type RuleBody = Record<string, unknown>;

export function emptyDraft(): RuleDraft {
  return {
    key: '',
    name: '',
    enabled: true,
    priority: 1,
    target: 'source',
    source: '',
    sourceType: '',
    metric: '',
    levels: [{ severity: 'warning', op: '>=', value: null }],
    sustainedMinutes: null,
    keepFiringMinutes: null,
    clear: { enabled: false, op: '<', value: null, minutes: null },
    correlationKey: '{{source}}',
    action: { type: 'open-incident', sopKey: '', title: '' },
    maintenanceWindows: [],
    noData: { treatAs: 'keep-last', minutes: null },
    extra: {},
  };
}

/** `PT90M` for 90; undefined for empty or non-positive. */
export function minutesToIso(minutes: number | null): string | undefined {
  return minutes && minutes > 0 ? `PT${minutes}M` : undefined;
}

/** Minutes of an ISO duration made of days, hours, minutes and seconds (`P1D`, `PT2H30M`); null if not such a duration. */
export function isoToMinutes(iso: unknown): number | null {
  if (typeof iso !== 'string') return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0) / 60;
}

/** The body the API's `PUT /api/rules/:key` and unsaved backtest take. */
export function toRuleBody(d: RuleDraft): RuleBody {
  const body: RuleBody = { ...d.extra, name: d.name.trim(), enabled: d.enabled, priority: d.priority, metric: d.metric };
  delete body['source'];
  delete body['sourceType'];
  if (d.target === 'source') body['source'] = d.source;
  else body['sourceType'] = d.sourceType;
  body['levels'] = d.levels.map((l) => ({ severity: l.severity, threshold: { op: l.op, value: l.value } }));
  setOptional(body, 'sustainedFor', minutesToIso(d.sustainedMinutes));
  delete body['pendingFor'];
  setOptional(body, 'keepFiringFor', minutesToIso(d.keepFiringMinutes));
  setOptional(
    body,
    'clear',
    d.clear.enabled ? { threshold: { op: d.clear.op, value: d.clear.value }, ...(minutesToIso(d.clear.minutes) ? { for: minutesToIso(d.clear.minutes) } : {}) } : undefined,
  );
  body['correlationKey'] = d.correlationKey.trim();
  const previousAction = (d.extra['action'] ?? {}) as Record<string, unknown>;
  body['action'] = {
    ...previousAction,
    type: d.action.type,
    ...(d.action.type === 'open-incident' && d.action.sopKey ? { sopKey: d.action.sopKey } : {}),
    ...(d.action.title.trim() ? { title: d.action.title.trim() } : {}),
  };
  if (d.action.type !== 'open-incident') delete (body['action'] as Record<string, unknown>)['sopKey'];
  if (!d.action.title.trim()) delete (body['action'] as Record<string, unknown>)['title'];
  setOptional(body, 'maintenanceWindows', d.maintenanceWindows.length ? d.maintenanceWindows.map((w) => ({ start: w.start, end: w.end })) : undefined);
  setOptional(body, 'noData', d.noData.treatAs !== 'keep-last' ? { after: minutesToIso(d.noData.minutes) ?? '', treatAs: d.noData.treatAs } : undefined);
  return body;
}

/** The guided form's view of a stored rule (`GET /api/rules/:key`). */
export function fromRuleBody(key: string, body: RuleBody): RuleDraft {
  const d = emptyDraft();
  const {
    name,
    enabled,
    priority,
    source,
    sourceType,
    metric,
    levels,
    sustainedFor,
    pendingFor,
    keepFiringFor,
    clear,
    correlationKey,
    action,
    maintenanceWindows,
    noData,
    ...rest
  } = body;
  const extra: Record<string, unknown> = { ...rest, ...(action ? { action } : {}) };
  for (const k of ['key', 'version', 'updatedAt', 'updatedBy', 'createdAt', 'pendingChange', 'approvedBy', 'changeId']) delete extra[k];
  d.key = key;
  d.name = String(name ?? '');
  d.enabled = enabled !== false;
  d.priority = typeof priority === 'number' ? priority : 1;
  d.target = source ? 'source' : 'sourceType';
  d.source = String(source ?? '');
  d.sourceType = String(sourceType ?? '');
  d.metric = String(metric ?? '');
  d.correlationKey = String(correlationKey ?? (action as { correlationKey?: string } | undefined)?.correlationKey ?? '');
  const reasons: string[] = [];

  const stored = Array.isArray(levels) ? (levels as { severity?: Severity; threshold?: { op: Op; value: number }; conditions?: unknown }[]) : [];
  if (!stored.length) reasons.push('conditions without levels');
  if (stored.some((l) => l.conditions || !l.threshold)) reasons.push('a level with json-rules-engine conditions');
  d.levels = stored.filter((l) => l.threshold && l.severity).map((l) => ({ severity: l.severity!, op: l.threshold!.op, value: l.threshold!.value }));
  if (!d.levels.length) d.levels = emptyDraft().levels;

  d.sustainedMinutes = isoToMinutes(sustainedFor ?? pendingFor);
  d.keepFiringMinutes = isoToMinutes(keepFiringFor);
  const c = clear as { threshold?: { op: Op; value: number }; conditions?: unknown; for?: string } | undefined;
  if (c?.conditions) reasons.push('a clear condition with json-rules-engine conditions');
  if (c?.threshold) d.clear = { enabled: true, op: c.threshold.op, value: c.threshold.value, minutes: isoToMinutes(c.for) };

  const a = (action ?? {}) as { type?: 'open-incident' | 'notify'; sopKey?: string; title?: string };
  d.action = { type: a.type ?? 'open-incident', sopKey: a.sopKey ?? '', title: a.title ?? '' };

  const windows = Array.isArray(maintenanceWindows) ? (maintenanceWindows as Record<string, string>[]) : [];
  if (windows.some((w) => !w['start'])) reasons.push('daily maintenance windows');
  d.maintenanceWindows = windows.filter((w) => w['start']).map((w) => ({ start: w['start']!, end: w['end'] ?? '' }));
  const n = noData as { treatAs?: 'keep-last' | 'alerting' | 'normal'; after?: string } | undefined;
  if (n?.treatAs) d.noData = { treatAs: n.treatAs, minutes: isoToMinutes(n.after) };

  d.extra = extra;
  if (reasons.length) d.advancedOnly = reasons.join(', ');
  return d;
}

function setOptional(body: RuleBody, field: string, value: unknown): void {
  if (value === undefined) delete body[field];
  else body[field] = value;
}
