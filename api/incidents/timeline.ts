import { Audit, Comment, Task, type IncidentDoc } from '../../model';
import { eventsByKeys } from './readings';

/** The timeline shows the latest entries; an incident that ran for weeks keeps its recent story. */
export const TIMELINE_LIMIT = 500;

export interface TimelineItem {
  at: Date;
  kind: string;
  actor: string;
  text?: string;
  taskId?: string;
  stepId?: string;
  data?: Record<string, unknown>;
}

interface AuditLike {
  at: Date;
  actor: string;
  action: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}
interface TaskLike {
  _id: string;
  stepId: string;
  name: string;
  createdAt: Date;
}
interface ReadingLike {
  source: string;
  eventId: string;
  metric: string;
  value: unknown;
  unit?: string | null;
  observedAt: Date;
}
interface CommentLike {
  _id: string;
  author: string;
  kind: string;
  text: string;
  createdAt: Date;
}

export interface TimelineSources {
  incident: Pick<IncidentDoc, 'openedAt'>;
  readings: ReadingLike[];
  incidentAudits: AuditLike[];
  tasks: TaskLike[];
  taskAudits: AuditLike[];
  comments: CommentLike[];
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Incident-level audit actions and the timeline kind each becomes; comments come from their own collection. */
const INCIDENT_KINDS: Record<string, string> = {
  'incident.opened': 'incident.opened',
  'incident.reported': 'incident.reported',
  'incident.severity-raised': 'incident.severity-changed',
  'incident.updated': 'incident.updated',
  'incident.cancel-requested': 'incident.cancel-requested',
  'incident.message-delivered': 'incident.message',
  'incident.resolved': 'incident.resolved',
  'incident.cancelled': 'incident.cancelled',
  'incident.failed': 'incident.failed',
  'step.failed': 'step.failed',
  'step.retried': 'step.retried',
  'step.skipped': 'step.skipped',
};

/** Task audit actions shown; `task.created` comes from the task itself, so a task is listed even without its entry. */
const TASK_KINDS: Record<string, string> = {
  'task.claimed': 'task.claimed',
  'task.released': 'task.released',
  'task.reassigned': 'task.reassigned',
  'task.completed': 'task.completed',
  'task.skipped': 'task.skipped',
  'task.cancelled': 'task.cancelled',
  'task.reminded': 'task.reminded',
  'task.escalated': 'task.escalated',
  'task.escalated-by-hand': 'task.escalated',
};

function incidentItem(a: AuditLike): TimelineItem | undefined {
  const kind = INCIDENT_KINDS[a.action];
  if (!kind) return undefined;
  const before = obj(a.before);
  const after = obj(a.after);
  const item: TimelineItem = { at: a.at, kind, actor: a.actor };
  const stepId = str(after.stepId);
  if (stepId) item.stepId = stepId;
  const text = str(after.reason) ?? str(after.resolution) ?? str(after.message) ?? str(after.justification);
  if (text) item.text = text;
  if (kind === 'incident.severity-changed') item.data = { from: before.severity ?? null, to: after.severity ?? null };
  else if (kind === 'incident.opened') item.data = { severity: after.severity ?? null };
  else if (kind === 'incident.message') item.data = { name: after.name ?? null };
  else if (kind === 'step.failed') item.data = { errorType: after.errorType ?? null };
  else if (kind === 'incident.updated') item.data = after;
  return item;
}

/** The task an audit entry is about: its entity id is the task id, or `taskId:…` for reminders and escalations. */
function taskOfEntry(entityId: string, tasks: TaskLike[]): TaskLike | undefined {
  let best: TaskLike | undefined;
  for (const t of tasks) if ((entityId === t._id || entityId.startsWith(`${t._id}:`)) && (!best || t._id.length > best._id.length)) best = t;
  return best;
}

function taskItem(a: AuditLike, tasks: TaskLike[]): TimelineItem | undefined {
  const kind = TASK_KINDS[a.action];
  const task = taskOfEntry(a.entityId, tasks);
  if (!kind || !task) return undefined;
  const after = obj(a.after);
  const item: TimelineItem = { at: a.at, kind, actor: a.actor, taskId: task._id, stepId: task.stepId, text: task.name };
  if (kind === 'task.claimed') item.data = { assignee: after.assignee ?? a.actor };
  else if (kind === 'task.reassigned') item.data = { unit: after.unit ?? null, user: after.user ?? null, reason: after.reason ?? null };
  else if (kind === 'task.skipped') item.data = { justification: after.justification ?? null };
  else if (kind === 'task.escalated') item.data = { level: after.level ?? after.escalationLevel ?? null, byHand: a.action === 'task.escalated-by-hand' };
  else if (kind === 'task.cancelled') item.data = { reason: after.reason ?? null };
  return item;
}

/**
 * One time-ordered story of an incident from what is stored about it: readings that joined it, its
 * audited changes, its steps and what people did with them, and its comments and directives. The
 * latest `limit` entries are kept, oldest first; entries at the same instant keep the order above.
 */
export function mergeTimeline(src: TimelineSources, limit = TIMELINE_LIMIT): { items: TimelineItem[]; truncated: boolean } {
  const items: TimelineItem[] = [];
  for (const r of src.readings) {
    items.push({ at: r.observedAt, kind: 'reading', actor: r.source, data: { source: r.source, eventId: r.eventId, metric: r.metric, value: r.value, unit: r.unit ?? null } });
  }
  const incidentItems = src.incidentAudits.map(incidentItem).filter((i): i is TimelineItem => i !== undefined);
  // Incidents opened before the opening was audited still show when they opened.
  if (!incidentItems.some((i) => i.kind === 'incident.opened')) items.push({ at: src.incident.openedAt, kind: 'incident.opened', actor: 'system' });
  items.push(...incidentItems);
  for (const t of src.tasks) items.push({ at: t.createdAt, kind: 'task.created', actor: 'system', taskId: t._id, stepId: t.stepId, text: t.name });
  for (const a of src.taskAudits) {
    const item = taskItem(a, src.tasks);
    if (item) items.push(item);
  }
  for (const c of src.comments) items.push({ at: c.createdAt, kind: c.kind === 'directive' ? 'directive' : 'comment', actor: c.author, text: c.text, data: { commentId: c._id } });
  const sorted = items.map((item, i) => ({ item, i })).sort((a, b) => new Date(a.item.at).getTime() - new Date(b.item.at).getTime() || a.i - b.i);
  const kept = sorted.slice(-limit).map((s) => s.item);
  return { items: kept, truncated: sorted.length > kept.length };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads what the timeline is made of (a handful of queries, none per task) and merges it. */
export async function incidentTimeline(incident: IncidentDoc) {
  const id = incident._id;
  // Each source is read newest first up to a bound (only the latest entries are shown), then put back in time order.
  const [readings, tasks, comments] = await Promise.all([
    eventsByKeys(incident.recentEvents ?? []),
    Task.find({ incidentId: id }, { stepId: 1, name: 1, createdAt: 1 }).sort({ createdAt: -1 }).limit(1000).lean(),
    Comment.find({ incidentId: id }).sort({ createdAt: -1 }).limit(TIMELINE_LIMIT).lean(),
  ]);
  tasks.reverse();
  comments.reverse();
  // One pass over the audit log for the incident and its tasks; reminders and escalations are
  // audited as `taskId:key`, so task entries are matched by an anchored pattern.
  const taskPattern = tasks.length ? [{ entity: 'task', entityId: { $regex: `^(?:${tasks.map((t) => escapeRegex(t._id)).join('|')})(?::|$)` } }] : [];
  const audits = await Audit.find({ $or: [{ entity: 'incident', entityId: id }, ...taskPattern] })
    .sort({ at: -1 })
    .limit(10_000)
    .lean();
  audits.reverse();
  const incidentAudits = audits.filter((a) => a.entity === 'incident');
  const taskAudits = audits.filter((a) => a.entity === 'task');
  return mergeTimeline({ incident, readings, incidentAudits, tasks, taskAudits, comments });
}
