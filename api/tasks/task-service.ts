import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Form, Incident, Task, audit, formVersionId, type TaskDoc, type TaskStatus } from '../../model';
import { completeTaskUpdate } from '../../workflows/definitions';
import { WorkflowErrorType } from '../../workflows/errors';
import type { AuthUser } from '../auth/middleware';
import { validateSubmission } from '../forms/validate-submission';
import { badRequest, conflict, notFound } from '../http-errors';

type TaskLean = TaskDoc;

async function loadTask(id: string): Promise<TaskLean | null> {
  return Task.findById(id).lean();
}

/** May this user see and act on the task? Admins everywhere; others within their unit subtree or when named. */
export function canActOn(user: AuthUser, task: Pick<TaskLean, 'unit' | 'candidateUser' | 'assignee'>): boolean {
  if (user.roles.includes('admin')) return true;
  if (task.candidateUser === user.username || task.assignee === user.username) return true;
  return task.unit !== undefined && task.unit !== null && user.scopeUnits.includes(task.unit);
}

export function toTaskView(t: TaskLean) {
  return {
    id: t._id,
    incidentId: t.incidentId,
    stepId: t.stepId,
    name: t.name,
    status: t.status,
    unit: t.unit ?? null,
    role: t.role ?? null,
    assignee: t.assignee ?? null,
    formKey: t.formKey ?? null,
    formVersion: t.formVersion ?? null,
    createdAt: t.createdAt,
    claimedAt: t.claimedAt ?? null,
    completedAt: t.completedAt ?? null,
    dueAt: t.dueAt ?? null,
  };
}

/** Human-step operations. Claims are single conditional updates, so of two racing claims exactly one wins. */
export class TaskService {
  constructor(private readonly temporal: Client) {}

  async list(user: AuthUser, scope: 'mine' | 'unit', status?: TaskStatus) {
    const statusFilter = { status: status ? { $in: [status] } : { $in: ['open', 'claimed'] as TaskStatus[] } };
    // Scope is part of the query itself: a user never receives another unit's tasks to filter out.
    const filter =
      scope === 'mine'
        ? { ...statusFilter, $or: [{ assignee: user.username }, { candidateUser: user.username, status: 'open' as const }] }
        : { ...statusFilter, unit: { $in: user.scopeUnits } };
    const items = await Task.find(filter).sort({ createdAt: 1 }).limit(500).lean();
    return { items: items.map(toTaskView), total: items.length };
  }

  async get(user: AuthUser, id: string) {
    const task = await loadTask(id);
    if (!task || !canActOn(user, task)) throw notFound('task'); // 404, not 403: do not reveal other units' work
    return task;
  }

  async claim(user: AuthUser, id: string) {
    const task = await this.get(user, id);
    const now = new Date();
    const claimed = await Task.findOneAndUpdate(
      { _id: id, status: 'open' },
      { $set: { status: 'claimed', assignee: user.username, claimedAt: now } },
      { returnDocument: 'after' },
    ).lean();
    if (!claimed) throw conflict(task.status === 'claimed' ? `task already claimed by ${task.assignee}` : `task is ${task.status}`);
    await Incident.updateOne({ _id: claimed.incidentId, acknowledgedAt: { $exists: false } }, { $set: { acknowledgedAt: now } });
    await audit({ actor: user.username, action: 'task.claimed', entity: 'task', entityId: id, before: { status: 'open' }, after: { status: 'claimed', assignee: user.username } });
    return claimed;
  }

  async complete(user: AuthUser, id: string, submitted: unknown) {
    const task = await this.get(user, id);
    if (task.status === 'completed') throw conflict('task already completed');
    if (task.status !== 'claimed' || task.assignee !== user.username) throw conflict('claim the task before completing it');
    if (submitted === null || typeof submitted !== 'object' || Array.isArray(submitted)) throw badRequest('invalid submission', [{ field: 'data', message: 'expected an object' }]);
    let data = submitted as Record<string, unknown>;
    if (task.formKey) {
      const form = await Form.findById(formVersionId(task.formKey, task.formVersion ?? 1)).lean();
      if (!form) throw conflict(`form ${task.formKey} version ${task.formVersion} is missing`);
      const result = validateSubmission(form.components as never[], data);
      if (result.errors.length)
        throw badRequest(
          'form submission is invalid',
          result.errors.map((e) => ({ field: `data.${e.field}`, message: e.message })),
        );
      data = result.data;
    }
    const handle = this.temporal.workflow.getHandle(task.workflowId, undefined, { firstExecutionRunId: task.incidentId });
    try {
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: id, data, completedBy: user.username }] });
    } catch (err) {
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === WorkflowErrorType.TaskNotPending) throw conflict('task is no longer waiting for completion');
      throw err;
    }
    const completed = await Task.findOneAndUpdate(
      { _id: id, status: { $ne: 'completed' } },
      { $set: { status: 'completed', completedAt: new Date(), completedBy: user.username, data } },
      { returnDocument: 'after' },
    ).lean();
    await audit({ actor: user.username, action: 'task.completed', entity: 'task', entityId: id, before: { status: 'claimed' }, after: { status: 'completed', data } });
    return completed ?? (await loadTask(id))!;
  }
}
