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
  'incident.updated': { icon: '✎', tone: 'neutral' },
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
