import { Task, type TaskDoc, type TaskStatus } from '../../model';
import type { AuthUser } from '../auth/middleware';
import type { IncidentSummaries } from './incident-summaries';
import { toTaskView } from './task-service';

export type TaskScope = 'mine' | 'unit' | 'all';
export type TaskSort = 'sla' | 'created';

/** The inbox holds at most this many tasks; a desk with more has bigger problems than paging. */
export const TASK_LIST_LIMIT = 500;
/** Tasks one delta fetch may name (a burst of live changes). */
export const TASK_DELTA_LIMIT = 100;

/**
 * The query for a caller's tasks. Scope lives in the query itself, so a user never receives
 * another unit's tasks to filter out: `mine` = claimed by or offered to me; `unit` = my unit
 * subtree; `all` = everything my role may see (admins all; others their subtree plus tasks naming them).
 */
export function taskScopeFilter(user: AuthUser, scope: TaskScope): Record<string, unknown> {
  if (scope === 'mine') return { $or: [{ assignee: user.username }, { candidateUser: user.username, status: 'open' }] };
  if (scope === 'unit') return { unit: { $in: user.scopeUnits } };
  if (user.roles.includes('admin')) return {};
  return { $or: [{ unit: { $in: user.scopeUnits } }, { candidateUser: user.username }, { assignee: user.username }] };
}

/** SLA order: earliest due first, tasks without a due time last (oldest first among them). */
export function bySla(a: Pick<TaskDoc, 'dueAt' | 'createdAt'>, b: Pick<TaskDoc, 'dueAt' | 'createdAt'>): number {
  const due = (t: Pick<TaskDoc, 'dueAt'>) => (t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY);
  const d = due(a) - due(b);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
}

/** The inbox list: the caller's tasks, each with the incident it belongs to. */
export async function listTasks(user: AuthUser, q: { scope: TaskScope; status?: TaskStatus; sort: TaskSort }, summaries: IncidentSummaries) {
  const filter = listFilter(user, q);
  const docs = await tasksIn(filter, q.sort);
  // Counting scans the tasks collection on FerretDB: only needed when the list was cut at the limit.
  const [total, items] = await Promise.all([docs.length < TASK_LIST_LIMIT ? docs.length : Task.countDocuments(filter), withIncidents(docs, summaries)]);
  return { items, total };
}

/**
 * The named tasks as the same list would show them (scope and status filter applied), for an inbox
 * that heard of changes to them: a named task missing from the answer has left the list (completed,
 * claimed by someone else in `mine`, cancelled, or never visible to the caller). One exact-`_id`
 * read per task: a storm's open inboxes refetched their whole list on every change.
 */
export async function listTasksById(user: AuthUser, q: { scope: TaskScope; status?: TaskStatus }, ids: string[], summaries: IncidentSummaries) {
  const filter = listFilter(user, q);
  const found = await Promise.all([...new Set(ids)].map((_id) => Task.findOne({ _id, ...filter }).lean()));
  const docs = found.filter((t): t is NonNullable<typeof t> => t !== null);
  return { items: await withIncidents(docs, summaries), total: docs.length };
}

/** What a list shows: the caller's scope, and the given status or else the open and claimed tasks. */
function listFilter(user: AuthUser, q: { scope: TaskScope; status?: TaskStatus }): Record<string, unknown> {
  return { status: { $in: q.status ? [q.status] : (['open', 'claimed'] as TaskStatus[]) }, ...taskScopeFilter(user, q.scope) };
}

/** Each task as the inbox lists it, with its incident's summary. */
async function withIncidents(docs: TaskDoc[], summaries: IncidentSummaries) {
  const incidents = await summaries.of(docs.map((t) => t.incidentId));
  return docs.map((t) => ({ ...toTaskView(t), incident: incidents.get(t.incidentId) ?? null }));
}

async function tasksIn(filter: Record<string, unknown>, sort: TaskSort): Promise<TaskDoc[]> {
  if (sort === 'created') return Task.find(filter).sort({ createdAt: 1 }).limit(TASK_LIST_LIMIT).lean();
  // A plain dueAt sort would put tasks without one first; ask for the due ones, then fill with the rest.
  const due = await Task.find({ ...filter, dueAt: { $exists: true } })
    .sort({ dueAt: 1 })
    .limit(TASK_LIST_LIMIT)
    .lean();
  const undated =
    due.length < TASK_LIST_LIMIT
      ? await Task.find({ ...filter, dueAt: { $exists: false } })
          .sort({ createdAt: 1 })
          .limit(TASK_LIST_LIMIT - due.length)
          .lean()
      : [];
  return [...due, ...undated].sort(bySla);
}
