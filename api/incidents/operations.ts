import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { Comment, Incident, SEVERITIES, SEVERITY_RANK, audit, publishChange, publishIncidentChange, type IncidentDoc } from '../../model';
import {
  cancelIncidentUpdate,
  deliverMessageUpdate,
  incidentStateQuery,
  retryStepUpdate,
  severityChangedSignal,
  skipStepUpdate,
  type IncidentState,
  type Severity,
} from '../../workflows/definitions';
import { WorkflowErrorType } from '../../workflows/errors';
import { isSupervisor, type AuthUser } from '../auth/middleware';
import { conflict, forbidden, notFound } from '../http-errors';
import { createLogger, errorFields } from '../../platform/log';
import { notifyDirective } from './directive-recipients';

const log = createLogger('incidents');

export const cancelBody = z.object({ reason: z.string().trim().min(3).max(2000) }).strict();
export const severityBody = z.object({ severity: z.enum(SEVERITIES), reason: z.string().trim().max(2000).optional() }).strict();
export const commentBody = z.object({ text: z.string().trim().min(1).max(5000), kind: z.enum(['comment', 'directive']).default('comment') }).strict();
export const messageBody = z.object({ data: z.record(z.string(), z.unknown()).default({}) }).strict();
export const skipStepBody = z.object({ justification: z.string().trim().min(3).max(2000) }).strict();

/** Incidents without a unit are city-wide; operators see those and the ones of their unit subtree. */
export function incidentScopeFilter(user: AuthUser) {
  if (isSupervisor(user)) return {};
  return { $or: [{ unit: { $in: user.scopeUnits } }, { unit: { $exists: false } }] };
}

/**
 * Steering a running incident. Each operation reaches the workflow as an Update, whose validator
 * refuses what does not apply (a message nobody waits for, a step that has not failed) with a
 * reason the API returns as 409 — and each is audited with who did it.
 */
export class IncidentOperations {
  constructor(private readonly temporal: Client) {}

  /** The incident if the user may see it; 404 otherwise (other wards' incidents are not revealed). */
  async load(user: AuthUser, id: string): Promise<IncidentDoc> {
    const incident = await Incident.findOne({ _id: id, ...incidentScopeFilter(user) }).lean();
    if (!incident) throw notFound('incident');
    return incident;
  }

  async cancel(user: AuthUser, id: string, reason: string) {
    if (!isSupervisor(user)) throw forbidden('only leaders and admins may cancel an incident');
    const incident = await this.load(user, id);
    await this.update(incident, () => this.handle(incident).executeUpdate(cancelIncidentUpdate, { args: [{ reason, by: user.username }] }));
    await audit({ actor: user.username, action: 'incident.cancel-requested', entity: 'incident', entityId: id, before: { status: incident.status }, after: { reason } });
    await publishIncidentChange(id, 'incident.cancel-requested', incident.unit ?? null);
    return { accepted: true };
  }

  async raiseSeverity(user: AuthUser, id: string, severity: Severity, reason?: string) {
    if (!isSupervisor(user)) throw forbidden('only leaders and admins may change severity');
    const incident = await this.load(user, id);
    if (incident.status !== 'open' && incident.status !== 'monitoring') throw conflict(`incident is ${incident.status}`);
    if (SEVERITY_RANK[severity] <= SEVERITY_RANK[incident.severity as Severity]) throw conflict(`severity is already ${incident.severity}; it can only be raised`);
    await Incident.updateOne({ _id: id }, { $set: { severity } });
    await audit({
      actor: user.username,
      action: 'incident.severity-raised',
      entity: 'incident',
      entityId: id,
      before: { severity: incident.severity },
      after: { severity, reason },
    });
    await publishIncidentChange(id, 'incident.severity', incident.unit ?? null);
    // The SOP's FEEL sees `incident.severity`; a workflow that already ended has nothing to update.
    await this.handle(incident)
      .signal(severityChangedSignal, { severity })
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    return { severity };
  }

  async comment(user: AuthUser, id: string, text: string, kind: 'comment' | 'directive') {
    if (kind === 'directive' && !isSupervisor(user)) throw forbidden('only leaders and admins give directives');
    const incident = await this.load(user, id);
    const doc = { _id: randomUUID(), incidentId: id, author: user.username, kind, text, createdAt: new Date() };
    await Comment.collection.insertOne(doc as never);
    await audit({ actor: user.username, action: `incident.${kind}`, entity: 'incident', entityId: id, after: { commentId: doc._id, text } });
    let told: string[] = [];
    if (kind === 'directive') {
      // The directive stands once stored; a notification that failed is logged, not turned into an error.
      told = await notifyDirective(incident, { id: doc._id, author: user.username, text }).catch((err: unknown) => {
        log.warn('directive notifications not written', { incidentId: id, commentId: doc._id, ...errorFields(err) });
        return [];
      });
    }
    await publishChange({
      entity: 'comment',
      id: doc._id,
      incidentId: id,
      unit: incident.unit ?? null,
      users: told,
      action: kind === 'directive' ? 'directive.added' : 'comment.added',
    });
    return toCommentView(doc);
  }

  async comments(user: AuthUser, id: string) {
    await this.load(user, id);
    const items = await Comment.find({ incidentId: id }).sort({ createdAt: 1 }).limit(1000).lean();
    return { items: items.map(toCommentView) };
  }

  async deliverMessage(user: AuthUser, id: string, name: string, data: Record<string, unknown>) {
    const incident = await this.load(user, id);
    await this.update(incident, () => this.handle(incident).executeUpdate(deliverMessageUpdate, { args: [{ name, data, by: user.username }] }));
    await audit({ actor: user.username, action: 'incident.message-delivered', entity: 'incident', entityId: id, after: { name, data } });
    return { delivered: true };
  }

  async retryStep(user: AuthUser, id: string, stepId: string) {
    const incident = await this.load(user, id);
    await this.update(incident, () => this.handle(incident).executeUpdate(retryStepUpdate, { args: [{ stepId, by: user.username }] }));
    return { accepted: true };
  }

  async skipStep(user: AuthUser, id: string, stepId: string, justification: string) {
    const incident = await this.load(user, id);
    await this.update(incident, () => this.handle(incident).executeUpdate(skipStepUpdate, { args: [{ stepId, by: user.username, justification }] }));
    return { accepted: true };
  }

  /**
   * Active, completed and pending steps with variables, answered by the workflow (a query), plus
   * what only the server knows: activities being retried right now, with their attempt and last error.
   */
  async state(user: AuthUser, id: string) {
    const incident = await this.load(user, id);
    const handle = this.handle(incident);
    let state: IncidentState;
    try {
      state = await handle.query(incidentStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound('workflow of the incident');
      throw err;
    }
    const description = await handle.describe();
    const retrying = (description.raw.pendingActivities ?? [])
      .filter((a) => (a.attempt ?? 1) > 1 || a.lastFailure)
      .map((a) => ({
        activity: a.activityType?.name ?? 'activity',
        attempt: a.attempt ?? 1,
        lastError: a.lastFailure?.message ?? null,
        nextAttemptAt: a.nextAttemptScheduleTime?.seconds ? new Date(Number(a.nextAttemptScheduleTime.seconds) * 1000).toISOString() : null,
      }));
    return {
      status: incident.status,
      workflowStatus: description.status.name,
      ...state,
      retrying,
      failedSteps: Object.values((incident.failedSteps ?? {}) as Record<string, unknown>),
    };
  }

  private handle(incident: IncidentDoc) {
    return this.temporal.workflow.getHandle(incident.workflowId, undefined, { firstExecutionRunId: incident._id });
  }

  /** Runs an update; the workflow's refusals and an ended workflow become 409s that say why. */
  private async update(incident: IncidentDoc, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw conflict(`incident is ${incident.status === 'open' ? 'no longer running' : incident.status}`);
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && (cause.type === WorkflowErrorType.NotApplicable || cause.type === WorkflowErrorType.TaskNotPending)) throw conflict(cause.message);
      if (err instanceof Error && /already completed|workflow execution already completed/i.test(err.message)) throw conflict(`incident is ${incident.status}`);
      throw err;
    }
  }
}

function toCommentView(c: { _id: string; incidentId: string; author: string; kind: string; text: string; createdAt: Date }) {
  // Directives (chỉ đạo) stay pinned above the thread.
  return { id: c._id, incidentId: c.incidentId, author: c.author, kind: c.kind, text: c.text, createdAt: c.createdAt, pinned: c.kind === 'directive' };
}
