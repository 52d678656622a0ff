import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Form, Incident, Task, TaskClaim, Unit, audit, formVersionId, publishIncidentChange, publishTaskChange, type TaskDoc } from '../../model';
import { completeTaskUpdate, escalateTaskUpdate, skipTaskUpdate, taskClaimedSignal, taskReleasedSignal } from '../../workflows/definitions';
import { WorkflowErrorType } from '../../workflows/errors';
import { isSupervisor, type AuthUser } from '../auth/middleware';
import { validateSubmission } from '../forms/validate-submission';
import { badRequest, conflict, forbidden, notFound } from '../http-errors';
import { createLogger, errorFields } from '../../platform/log';

const log = createLogger('tasks');

type TaskLean = TaskDoc;

/** Ids a log line about a task carries, so it is found by incident or workflow. */
const taskLogFields = (task: Pick<TaskLean, '_id' | 'incidentId' | 'workflowId'>) => ({ taskId: task._id, incidentId: task.incidentId, workflowId: task.workflowId });

async function loadTask(id: string): Promise<TaskLean | null> {
  return Task.findById(id).lean();
}

/**
 * Inserts the claim record of the task's current claim generation, or returns the one already there:
 * its primary key makes exactly one of two racing claims the holder.
 */
async function takeClaim(task: TaskLean, username: string): Promise<{ user: string; at: Date; taken: boolean }> {
  const key = `${task._id}#${task.claimGeneration ?? 0}`;
  const mine = { user: username, at: new Date() };
  try {
    await TaskClaim.collection.insertOne({ _id: key, taskId: task._id, ...mine } as never);
    return { ...mine, taken: true };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const held = await TaskClaim.findById(key, { user: 1, at: 1 }).lean();
  if (!held) throw conflict('task is being claimed; try again');
  return { user: held.user, at: held.at, taken: false };
}

/** A claim record older than this whose task is still open was left half-written: the next claimant finishes it. */
export const CLAIM_SETTLE_MS = 10_000;

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
    skippable: t.skippable ?? false,
    item: t.item ?? null,
    escalationLevel: t.escalationLevel ?? null,
    completedBy: t.completedBy ?? null,
  };
}

/** Human-step operations. A claim is the insert of a TaskClaim key, so of two racing claims exactly one wins. */
export class TaskService {
  constructor(
    private readonly temporal: Client,
    /** Metrics: a step completed through this process, with its created/claimed/completed times. */
    private readonly onCompleted?: (task: Pick<TaskLean, 'createdAt' | 'claimedAt' | 'completedAt'>) => void,
  ) {}

  async get(user: AuthUser, id: string) {
    const task = await loadTask(id);
    if (!task || !canActOn(user, task)) throw notFound('task'); // 404, not 403: do not reveal other units' work
    return task;
  }

  /**
   * Takes an open task for the caller. The claim record decides who holds it; the task, the incident's
   * acknowledgement and the audit entry follow. A claim whose record was stored but whose task was not
   * updated (the API died or the database failed in between) is finished by whoever comes next: the
   * claimant's retry succeeds, anyone else's attempt completes it for the claimant and gets 409 — once the
   * record is CLAIM_SETTLE_MS old; a younger one is still being recorded by the request that took it.
   */
  async claim(user: AuthUser, id: string) {
    const task = await this.get(user, id);
    if (task.status !== 'open') throw conflict(task.status === 'claimed' ? `task already claimed by ${task.assignee}` : `task is ${task.status}`);
    const claim = await takeClaim(task, user.username);
    if (!claim.taken && Date.now() - claim.at.getTime() < CLAIM_SETTLE_MS) {
      // Another request is recording this claim right now: finishing it too would audit it twice.
      if (claim.user === user.username) throw conflict('your claim of this task is still being recorded; try again in a few seconds');
      throw conflict(`task already claimed by ${claim.user}`);
    }
    await this.recordClaim(task, claim);
    // The claim record names the holder: no need to read the task back to say who it is.
    if (claim.user !== user.username) throw conflict(`task already claimed by ${claim.user}`);
    return (await loadTask(id))!;
  }

  /** Moves the open task to the claim's holder; audits, acknowledges and tells the workflow only if this call moved it. */
  private async recordClaim(task: TaskLean, claim: { user: string; at: Date }): Promise<void> {
    const generation = task.claimGeneration === undefined ? { $exists: false } : task.claimGeneration;
    const { modifiedCount } = await Task.updateOne(
      { _id: task._id, status: 'open', claimGeneration: generation },
      { $set: { status: 'claimed', assignee: claim.user, claimedAt: claim.at } },
    );
    if (!modifiedCount) return;
    const [acknowledged] = await Promise.all([
      Incident.updateOne({ _id: task.incidentId, acknowledgedAt: { $exists: false } }, { $set: { acknowledgedAt: claim.at } }),
      audit({ actor: claim.user, action: 'task.claimed', entity: 'task', entityId: task._id, before: { status: 'open' }, after: { status: 'claimed', assignee: claim.user } }),
    ]);
    await Promise.all([
      publishTaskChange({ ...task, assignee: claim.user }, 'task.claimed'),
      acknowledged.modifiedCount ? publishIncidentChange(task.incidentId, 'incident.acknowledged') : undefined,
    ]);
    // Stops the escalation chain; if Temporal is away the claim still stands (the chain checks the task before telling anyone).
    await this.workflowOf(task)
      .signal(taskClaimedSignal, { taskId: task._id, by: claim.user })
      .catch((err: unknown) => log.warn('claim not signalled to the workflow', { ...taskLogFields(task), ...errorFields(err) }));
  }

  /** Gives a claimed task back to its unit (the assignee, or an admin/leader). */
  async release(user: AuthUser, id: string) {
    const task = await this.get(user, id);
    if (task.status !== 'claimed') throw conflict(`task is ${task.status}`);
    if (task.assignee !== user.username && !isSupervisor(user)) throw forbidden('only the assignee or a leader may release this task');
    await Task.updateOne({ _id: id, status: 'claimed' }, { $set: { status: 'open' }, $unset: { assignee: '', claimedAt: '' }, $inc: { claimGeneration: 1 } });
    await audit({ actor: user.username, action: 'task.released', entity: 'task', entityId: id, before: { assignee: task.assignee }, after: { status: 'open' } });
    await publishTaskChange(task, 'task.released');
    await this.workflowOf(task)
      .signal(taskReleasedSignal, { taskId: id })
      .catch((err: unknown) => log.warn('release not signalled to the workflow', { ...taskLogFields(task), ...errorFields(err) }));
    return (await loadTask(id))!;
  }

  /** Hands the task to another unit and/or user (leaders and admins); an existing claim is dropped. */
  async reassign(user: AuthUser, id: string, to: { unit?: string; user?: string; reason: string }) {
    if (!isSupervisor(user)) throw forbidden('only leaders and admins may reassign tasks');
    const task = await this.get(user, id);
    if (!['open', 'claimed'].includes(task.status)) throw conflict(`task is ${task.status}`);
    if (to.unit && !(await Unit.exists({ _id: to.unit }))) throw badRequest('invalid reassignment', [{ field: 'unit', message: `unit ${to.unit} does not exist` }]);
    if (to.unit && !user.roles.includes('admin') && !user.scopeUnits.includes(to.unit)) throw forbidden('the unit is outside your scope');
    const before = { unit: task.unit ?? null, candidateUser: task.candidateUser ?? null, assignee: task.assignee ?? null };
    await Task.updateOne(
      { _id: id },
      {
        $set: { status: 'open', reassignedBy: user.username, ...(to.unit ? { unit: to.unit } : {}), ...(to.user ? { candidateUser: to.user } : {}) },
        $unset: { assignee: '', claimedAt: '' },
        $inc: { claimGeneration: 1 },
      },
    );
    await audit({ actor: user.username, action: 'task.reassigned', entity: 'task', entityId: id, before, after: { ...to } });
    // Both the unit it left and the one it joined must hear it: one drops it from the inbox, the other adds it.
    const moved = { ...task, unit: to.unit ?? task.unit ?? null, candidateUser: to.user ?? task.candidateUser ?? null, assignee: null };
    await publishTaskChange(moved, 'task.reassigned', [task.assignee, task.candidateUser]);
    if (to.unit && to.unit !== task.unit) await publishTaskChange({ ...moved, unit: task.unit ?? null }, 'task.reassigned', [task.assignee, task.candidateUser]);
    if (task.status === 'claimed') {
      await this.workflowOf(task)
        .signal(taskReleasedSignal, { taskId: id })
        .catch((err: unknown) => log.warn('reassignment not signalled to the workflow', { ...taskLogFields(task), ...errorFields(err) }));
    }
    return (await loadTask(id))!;
  }

  /** Skips a skippable step with a written justification (the assignee, or a leader/admin). */
  async skip(user: AuthUser, id: string, justification: string) {
    const task = await this.get(user, id);
    if (!['open', 'claimed'].includes(task.status)) throw conflict(`task is ${task.status}`);
    if (!task.skippable) throw conflict(`step ${task.stepId} is required and cannot be skipped`);
    if (task.status === 'claimed' && task.assignee !== user.username && !isSupervisor(user)) throw forbidden('the task is claimed by someone else');
    await this.runUpdate(task, () => this.workflowOf(task).executeUpdate(skipTaskUpdate, { args: [{ taskId: id, justification, by: user.username }] }));
    await Task.updateOne(
      { _id: id, status: { $in: ['open', 'claimed'] } },
      { $set: { status: 'skipped', completedAt: new Date(), completedBy: user.username, skipJustification: justification } },
    );
    await audit({ actor: user.username, action: 'task.skipped', entity: 'task', entityId: id, before: { status: task.status }, after: { status: 'skipped', justification } });
    await publishTaskChange(task, 'task.skipped');
    return (await loadTask(id))!;
  }

  /** Tells the next escalation level now (leaders and admins). */
  async escalate(user: AuthUser, id: string) {
    if (!isSupervisor(user)) throw forbidden('only leaders and admins may escalate');
    const task = await this.get(user, id);
    await this.runUpdate(task, () => this.workflowOf(task).executeUpdate(escalateTaskUpdate, { args: [{ taskId: id, by: user.username }] }));
    await audit({ actor: user.username, action: 'task.escalated-by-hand', entity: 'task', entityId: id, after: { escalationLevel: (task.escalationLevel ?? 0) + 1 } });
    await publishTaskChange(task, 'task.escalated');
    return task;
  }

  /** The workflow running this step: the incident's own, or a call activity's child. */
  private workflowOf(task: TaskLean) {
    return this.temporal.workflow.getHandle(task.workflowId, undefined, { firstExecutionRunId: task.workflowRunId ?? task.incidentId });
  }

  /** Runs a workflow update, turning the workflow's refusals into 409s that say why. */
  private async runUpdate(task: TaskLean, update: () => Promise<unknown>): Promise<void> {
    try {
      await update();
    } catch (err) {
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === WorkflowErrorType.TaskNotPending) throw conflict('task is no longer waiting');
      if (cause instanceof ApplicationFailure && cause.type === WorkflowErrorType.NotApplicable) throw conflict(cause.message);
      throw err;
    }
  }

  async complete(user: AuthUser, id: string, submitted: unknown) {
    const task = await this.get(user, id);
    if (task.status === 'completed' || task.status === 'skipped') throw conflict(`task already ${task.status}`);
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
          result.errors.map((e) => ({ ...e, field: `data.${e.field}` })),
        );
      data = result.data;
    }
    await this.runUpdate(task, () => this.workflowOf(task).executeUpdate(completeTaskUpdate, { args: [{ taskId: id, data, completedBy: user.username }] }));
    const completed = await Task.findOneAndUpdate(
      { _id: id, status: { $ne: 'completed' } },
      { $set: { status: 'completed', completedAt: new Date(), completedBy: user.username, data } },
      { returnDocument: 'after' },
    ).lean();
    await Promise.all([
      audit({ actor: user.username, action: 'task.completed', entity: 'task', entityId: id, before: { status: 'claimed' }, after: { status: 'completed', data } }),
      publishTaskChange(task, 'task.completed'),
    ]);
    const done = completed ?? (await loadTask(id))!;
    this.onCompleted?.(done);
    return done;
  }
}
