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
  return byCreated(a, b);
}

/** Creation order, oldest first. */
function byCreated(a: Pick<TaskDoc, 'createdAt'>, b: Pick<TaskDoc, 'createdAt'>): number {
  return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
}

/**
 * The inbox list: the caller's tasks, each with the incident it belongs to. One query per status:
 * FerretDB hands an equality on `status` to PostgreSQL, so only the open and claimed tasks are
 * read and decoded, not every task the city ever completed (a `$in` is filtered after decoding).
 */
export async function listTasks(user: AuthUser, q: { scope: TaskScope; status?: TaskStatus; sort: TaskSort }, summaries: IncidentSummaries) {
  const scope = taskScopeFilter(user, q.scope);
  const perStatus = await Promise.all(statusesOf(q).map((status) => tasksIn({ ...scope, status }, q.sort)));
  const docs = perStatus
    .flat()
    .sort(q.sort === 'created' ? byCreated : bySla)
    .slice(0, TASK_LIST_LIMIT);
  // Counting scans on FerretDB: only needed when a status's list was cut at the limit.
  const cut = perStatus.some((d) => d.length >= TASK_LIST_LIMIT);
  const [total, items] = await Promise.all([cut ? Task.countDocuments(listFilter(user, q)) : docs.length, withIncidents(docs, summaries)]);
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

/** The statuses a list shows: the one asked for, or else the open and claimed tasks. */
const statusesOf = (q: { status?: TaskStatus }): TaskStatus[] => (q.status ? [q.status] : ['open', 'claimed']);

/** What a list shows: the caller's scope and `statusesOf`. */
function listFilter(user: AuthUser, q: { scope: TaskScope; status?: TaskStatus }): Record<string, unknown> {
  return { status: { $in: statusesOf(q) }, ...taskScopeFilter(user, q.scope) };
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
