/** How the timeline draws one kind of entry: an icon, its tone (colour), and the dictionary key of its label. */
export interface TimelineLook {
  icon: string;
  tone: 'neutral' | 'good' | 'warn' | 'bad' | 'lead';
  /** `context.timeline.<kind>`; the kind itself is shown when the dictionary has no such key. */
  key: string;
}

/** The kinds the timeline knows (icons from plain text fonts: not every duty-desk PC has colour emoji); `task.x` and `step.x` share the look of `x` where it makes sense. */
const LOOKS: Readonly<Record<string, Omit<TimelineLook, 'key'>>> = {
  'incident.opened': { icon: '⚠', tone: 'warn' },
  event: { icon: '∿', tone: 'neutral' },
  'incident.reported': { icon: '⚐', tone: 'warn' },
  'incident.updated': { icon: '✎', tone: 'neutral' },
  'incident.message': { icon: '✉', tone: 'neutral' },
  'incident.severity': { icon: '‼', tone: 'bad' },
  'incident.resolved': { icon: '⚑', tone: 'good' },
  'incident.cancelled': { icon: '⊘', tone: 'neutral' },
  'incident.cancel-requested': { icon: '⊘', tone: 'neutral' },
  'incident.failed': { icon: '✖', tone: 'bad' },
  'step.started': { icon: '▶', tone: 'neutral' },
  'step.completed': { icon: '✔', tone: 'good' },
  'step.failed': { icon: '✖', tone: 'bad' },
  'step.recovered': { icon: '↻', tone: 'good' },
  'step.retried': { icon: '↻', tone: 'neutral' },
  'step.skipped': { icon: '⤼', tone: 'neutral' },
  'task.created': { icon: '▶', tone: 'neutral' },
  'task.claimed': { icon: '☛', tone: 'neutral' },
  'task.released': { icon: '↩', tone: 'neutral' },
  'task.reassigned': { icon: '⇄', tone: 'neutral' },
  'task.completed': { icon: '✔', tone: 'good' },
  'task.skipped': { icon: '⤼', tone: 'neutral' },
  'task.cancelled': { icon: '⊘', tone: 'neutral' },
  'task.escalated': { icon: '⬆', tone: 'warn' },
  'task.reminded': { icon: '◷', tone: 'warn' },
  notification: { icon: '✉', tone: 'neutral' },
  comment: { icon: '❝', tone: 'neutral' },
  directive: { icon: '★', tone: 'lead' },
};

/** Other spellings the API may use for the same thing. */
const ALIASES: Readonly<Record<string, string>> = {
  reading: 'event',
  'event.received': 'event',
  'comment.added': 'comment',
  'directive.added': 'directive',
  'incident.severity-raised': 'incident.severity',
  'incident.severity-changed': 'incident.severity',
  'incident.step-failed': 'step.failed',
  'incident.step-recovered': 'step.recovered',
  opened: 'incident.opened',
  resolved: 'incident.resolved',
};

const PREFIX_FALLBACK: Readonly<Record<string, Omit<TimelineLook, 'key'>>> = {
  task: { icon: '•', tone: 'neutral' },
  step: { icon: '•', tone: 'neutral' },
  incident: { icon: '⚠', tone: 'neutral' },
};

/** The look of a timeline kind; unknown kinds get a plain dot and their own name as label. */
export function timelineLook(kind: string): TimelineLook {
  const k = ALIASES[kind] ?? kind;
  const look = LOOKS[k] ?? PREFIX_FALLBACK[k.split('.')[0]!] ?? { icon: '•', tone: 'neutral' as const };
  return { ...look, key: `context.timeline.${k}` };
}

/** The label: the dictionary's word for the kind, or the kind itself when there is none. */
export function timelineLabel(kind: string, t: (key: string) => string): string {
  const { key } = timelineLook(kind);
  const text = t(key);
  return text === key ? kind : text;
}

/** Oldest first (the order events happened); entries at the same instant keep the API's order. */
export function inTimeOrder<T extends { at: string }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i, ms: Date.parse(item.at) }))
    .sort((a, b) => (a.ms || 0) - (b.ms || 0) || a.i - b.i)
    .map((x) => x.item);
}

/** A value of the entry's `data` as text, or undefined when it is missing or empty. */
const text = (v: unknown): string | undefined => (typeof v === 'number' || (typeof v === 'string' && v) ? String(v) : undefined);

/**
 * The line under an entry's label from its `data`, for the kinds whose text alone says too little:
 * a reading's value, a severity's change, where a task went, its escalation level, who claimed it.
 */
export function timelineDetail(item: { kind: string; data?: Record<string, unknown> }, t: (key: string, params?: Record<string, string | number>) => string): string | undefined {
  const d = item.data ?? {};
  const kind = ALIASES[item.kind] ?? item.kind;
  if (kind === 'event' && text(d['value'])) return `${text(d['metric']) ?? ''} = ${text(d['value'])}${text(d['unit']) ? ` ${text(d['unit'])}` : ''}`.trim();
  if (kind === 'incident.severity' && text(d['to'])) return `${text(d['from']) ? t(`severity.${text(d['from'])}`) : '?'} → ${t(`severity.${text(d['to'])}`)}`;
  if (kind === 'task.reassigned') {
    const to = text(d['user']) ?? text(d['unit']);
    if (to) return text(d['reason']) ? `→ ${to}: ${text(d['reason'])}` : `→ ${to}`;
  }
  if (kind === 'task.escalated' && text(d['level'])) return t('context.timeline.level', { level: text(d['level'])! });
  if (kind === 'task.claimed' && text(d['assignee'])) return `→ ${text(d['assignee'])}`;
  if (kind === 'task.skipped' && text(d['justification'])) return text(d['justification']);
  return undefined;
}
