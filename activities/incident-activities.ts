import { activityLogFields } from './activity-log';
import { ApplicationFailure } from '@temporalio/common';
import { Incident, SEVERITY_RANK, Task, Unit, audit, publishIncidentChange, publishTaskChange } from '../model';
import { createLogger, errorFields } from '../platform/log';
import type { SopGraph, SopRef } from '../sop/graph';
import type { Recipients } from '../workflows/engine/state';
import type { Severity, TriggerEvent } from '../workflows/definitions';
import type { ServiceActivities } from './service-activities';
import { type SopGraphCache, SopNotFoundError } from './sop-cache';
import { KeyedThrottle } from '../platform/keyed-throttle';

export interface IncidentActivityDeps {
  sopCache: SopGraphCache;
  /** Sends reminders and escalations. */
  notify: ServiceActivities['notify'];
  /** Whether e-mail is configured: reminders and escalations then go by e-mail too. */
  emailEnabled: boolean;
  /** Spaces out "incident updated" notices for readings that join an open incident (see `recordIncidentEvent`). */
  incidentNotices?: KeyedThrottle;
}

/**
 * At most one live "incident updated" notice per incident per window for readings that only add
 * to its count: a storm joins each open incident several times a second, and every notice is a
 * record every API process reads and a refetch in every operator's inbox showing that incident.
 */
export const INCIDENT_NOTICE_WINDOW_MS = 2_000;

export function createIncidentNotices(): KeyedThrottle {
  return new KeyedThrottle({
    windowMs: INCIDENT_NOTICE_WINDOW_MS,
    onError: (err, incidentId) => log.warn('incident notice not published', { incidentId, ...errorFields(err) }),
  });
}

const log = createLogger('activities');

/** Map keys may not contain dots or a leading `$`; BPMN ids may contain dots. */
const fieldKey = (stepId: string) => stepId.replace(/[.$]/g, '_');

const RECENT_EVENTS_LIMIT = 50;

/** Inserts a document once: a retried activity finds the duplicate key and leaves the first write as it is. */
async function insertOnce(model: { collection: { insertOne(doc: never): Promise<unknown> } }, doc: Record<string, unknown>): Promise<void> {
  try {
    await model.collection.insertOne(doc as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

/** The ward or commune a unit belongs to (itself, or the nearest such ancestor of a team). */
async function wardOf(unitId: string): Promise<string | undefined> {
  for (let id: string | undefined = unitId, depth = 0; id && depth < 10; depth++) {
    const unit: { _id: string; kind: string; parent?: string | null } | null = await Unit.findById(id, { kind: 1, parent: 1 }).lean();
    if (!unit) return undefined;
    if (unit.kind === 'ward' || unit.kind === 'commune') return unit._id;
    id = unit.parent ?? undefined;
  }
  return undefined;
}

/** A system-made state change, recorded once per action and entity however often the activity is retried. */
function systemAudit(action: string, entity: string, entityId: string, after: Record<string, unknown>): Promise<void> {
  return audit({ key: `${action}:${entityId}`, actor: 'system', action, entity, entityId, after });
}

/**
 * Side effects of the incident workflow. Every write is idempotent — keyed by ids the workflow
 * derives deterministically — so Temporal may retry any of them without duplicating a thing.
 */
export function createIncidentActivities({ sopCache, notify, emailEnabled, incidentNotices = createIncidentNotices() }: IncidentActivityDeps) {
  return {
    async resolveSop(input: { key: string; version?: number }): Promise<SopRef> {
      try {
        return await sopCache.resolve(input.key, input.version);
      } catch (err) {
        if (err instanceof SopNotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'SopNotFound');
        throw err;
      }
    },

    async loadSopGraph(ref: SopRef): Promise<SopGraph> {
      return sopCache.load(ref);
    },

    async openIncident(input: {
      incidentId: string;
      workflowId: string;
      correlationKey: string;
      title: string;
      severity: Severity;
      sop: SopRef;
      unit?: string;
      location?: { lat: number; lon: number };
      trigger?: TriggerEvent;
    }): Promise<{ ward?: string }> {
      const now = new Date();
      const trigger = input.trigger;
      // A plain insert (a retry finds the duplicate key): on FerretDB an upsert costs a scan.
      await insertOnce(Incident, {
        _id: input.incidentId,
        workflowId: input.workflowId,
        correlationKey: input.correlationKey,
        title: input.title,
        status: 'open',
        severity: input.severity,
        sopKey: input.sop.key,
        sopVersion: input.sop.version,
        ...(input.unit ? { unit: input.unit } : {}),
        ...(input.location ? { location: input.location } : trigger?.location ? { location: trigger.location } : {}),
        detectedAt: trigger ? new Date(trigger.observedAt) : now,
        openedAt: now,
        eventCount: trigger ? 1 : 0,
        ...(trigger ? { lastEventAt: new Date(trigger.observedAt), recentEvents: [trigger.eventKey] } : { recentEvents: [] }),
      });
      // Independent of each other, so side by side: the incident's first step waits for this activity.
      const [, , ward] = await Promise.all([
        systemAudit('incident.opened', 'incident', input.incidentId, { correlationKey: input.correlationKey, severity: input.severity, sop: input.sop }),
        publishIncidentChange(input.incidentId, 'incident.opened', input.unit ?? null),
        // The SOP may assign steps to the incident's ward (`=incident.ward`).
        input.unit ? wardOf(input.unit) : undefined,
      ]);
      return ward ? { ward } : {};
    },

    /** Appends a further reading; raises severity when the reading is more severe. */
    async recordIncidentEvent(input: { incidentId: string; event: TriggerEvent }): Promise<void> {
      const { incidentId, event } = input;
      // Conditional on the key not being recorded yet, so a retried activity counts the event once.
      const incident = await Incident.findOneAndUpdate(
        { _id: incidentId, recentEvents: { $ne: event.eventKey } },
        { $inc: { eventCount: 1 }, $set: { lastEventAt: new Date(event.observedAt) }, $push: { recentEvents: { $each: [event.eventKey], $slice: -RECENT_EVENTS_LIMIT } } },
        { returnDocument: 'before' }, // FerretDB 1.24 does not support a projection on findAndModify
      ).lean();
      if (!incident) return; // counted by an earlier attempt
      const raised = SEVERITY_RANK[event.severity] > SEVERITY_RANK[incident.severity as Severity];
      if (raised) {
        await Incident.updateOne({ _id: incidentId }, { $set: { severity: event.severity } });
        await audit({
          key: `incident.severity:${incidentId}:${event.eventKey}`,
          actor: 'system',
          action: 'incident.severity-raised',
          entity: 'incident',
          entityId: incidentId,
          before: { severity: incident.severity },
          after: { severity: event.severity },
        });
      }
      const unit = incident.unit ?? null;
      // A raised severity is news at once; a further reading of the same kind only moves the count.
      if (raised) await publishIncidentChange(incidentId, 'incident.severity', unit);
      else await incidentNotices.run(incidentId, () => publishIncidentChange(incidentId, 'incident.updated', unit));
    },

    async createTask(input: {
      taskId: string;
      incidentId: string;
      workflowId: string;
      /** Absent in tasks of the v1 interpreter: the incident id is then the workflow's first run id. */
      workflowRunId?: string;
      stepId: string;
      name: string;
      assignee: { unit?: string; role?: string; user?: string };
      form?: { key: string; version: number };
      dueAt?: string;
      skippable?: boolean;
      item?: { index: number; value: unknown };
    }): Promise<void> {
      await insertOnce(Task, {
        _id: input.taskId,
        incidentId: input.incidentId,
        workflowId: input.workflowId,
        workflowRunId: input.workflowRunId ?? input.incidentId,
        stepId: input.stepId,
        name: input.name,
        status: 'open',
        ...(input.assignee.unit ? { unit: input.assignee.unit } : {}),
        ...(input.assignee.role ? { role: input.assignee.role } : {}),
        ...(input.assignee.user ? { candidateUser: input.assignee.user } : {}),
        ...(input.form ? { formKey: input.form.key, formVersion: input.form.version } : {}),
        ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
        skippable: input.skippable ?? false,
        ...(input.item ? { item: input.item } : {}),
        createdAt: new Date(),
      });
      // Told while the audit is written, not after it: the inbox shows the step as soon as it exists.
      await Promise.all([
        publishTaskChange({ _id: input.taskId, incidentId: input.incidentId, unit: input.assignee.unit ?? null, candidateUser: input.assignee.user ?? null }, 'task.created'),
        systemAudit('task.created', 'task', input.taskId, { stepId: input.stepId, incidentId: input.incidentId, assignee: input.assignee }),
      ]);
    },

    /** A step ended without being done: a boundary event interrupted it, or the incident was cancelled or terminated. */
    async cancelTask(input: { taskId: string; reason: string }): Promise<void> {
      const res = await Task.updateOne(
        { _id: input.taskId, status: { $in: ['open', 'claimed'] } },
        { $set: { status: 'cancelled', cancelReason: input.reason, completedAt: new Date() } },
      );
      if (!res.modifiedCount) return;
      await systemAudit('task.cancelled', 'task', input.taskId, { reason: input.reason });
      const task = await Task.findById(input.taskId).lean();
      if (task) await publishTaskChange(task, 'task.cancelled');
    },

    /** The API marks the task too; this makes sure the read model converges even if the API crashed after the update. */
    async recordTaskCompleted(input: {
      taskId: string;
      incidentId: string;
      data: Record<string, unknown>;
      completedBy: string;
      skipped?: { justification: string };
    }): Promise<void> {
      const status = input.skipped ? 'skipped' : 'completed';
      const res = await Task.updateOne(
        { _id: input.taskId, status: { $nin: ['completed', 'skipped'] } },
        {
          $set: { status, completedAt: new Date(), completedBy: input.completedBy, data: input.data, ...(input.skipped ? { skipJustification: input.skipped.justification } : {}) },
        },
      );
      // Usually the API marked it and told the clients; only a read model this activity repaired is news.
      if (!res.modifiedCount) return;
      const task = await Task.findById(input.taskId).lean();
      if (task) await publishTaskChange(task, `task.${status}`);
    },

    /** A reminder before the due time, or one level of the escalation chain after it. Never fails the run. */
    async notifyStep(input: {
      key: string;
      incidentId: string;
      taskId: string;
      stepId: string;
      kind: 'reminder' | 'escalation';
      level?: number;
      round?: number;
      recipients: Recipients;
    }): Promise<{ sent: string[] } | { skipped: string }> {
      const task = await Task.findById(input.taskId).lean();
      if (!task || !['open', 'claimed'].includes(task.status)) return { skipped: `task is ${task?.status ?? 'missing'}` };
      const now = new Date();
      await Task.updateOne({ _id: input.taskId }, { $set: input.kind === 'reminder' ? { remindedAt: now } : { escalationLevel: input.level ?? 1, escalatedAt: now } });
      await publishTaskChange(task, input.kind === 'reminder' ? 'task.reminded' : 'task.escalated');
      const due = task.dueAt ? task.dueAt.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '';
      const subject =
        input.kind === 'reminder'
          ? `Nhắc việc: "${task.name}" sắp đến hạn (${due})`
          : `Quá hạn — cấp xử lý ${input.level ?? 1}: "${task.name}"${task.claimedAt ? ' (đã nhận nhưng chưa xử lý)' : ''}`;
      const body = `${subject}\nSự cố: ${input.incidentId}\nBước: ${task.name} (${input.stepId})\nHạn: ${due}\nNgười nhận việc: ${task.assignee ?? 'chưa có'}`;
      try {
        const result = await notify({
          key: input.key,
          incidentId: input.incidentId,
          taskId: input.taskId,
          kind: input.kind,
          channels: emailEnabled ? ['in-app', 'email'] : ['in-app'],
          recipients: input.recipients,
          subject,
          body,
        });
        await systemAudit(`task.${input.kind === 'reminder' ? 'reminded' : 'escalated'}`, 'task', `${input.taskId}:${input.key}`, {
          level: input.level,
          round: input.round,
          recipients: result.recipients,
        });
        return { sent: result.recipients };
      } catch (err) {
        if (err instanceof ApplicationFailure && err.nonRetryable) {
          // Nobody to tell is worth recording, not worth failing the incident over.
          log.warn('step notification not sent', { ...activityLogFields(), incidentId: input.incidentId, taskId: input.taskId, kind: input.kind, ...errorFields(err) });
          await systemAudit('task.notification-failed', 'task', `${input.taskId}:${input.key}`, { reason: err.message, recipients: input.recipients });
          return { skipped: err.message };
        }
        throw err;
      }
    },

    /** A service step or call activity failed for good: shown on the incident until it is retried or skipped. */
    async recordStepFailure(input: { incidentId: string; stepId: string; errorType: string; message: string }): Promise<void> {
      await Incident.updateOne(
        { _id: input.incidentId },
        { $set: { [`failedSteps.${fieldKey(input.stepId)}`]: { stepId: input.stepId, errorType: input.errorType, message: input.message, at: new Date() } } },
      );
      await audit({
        actor: 'system',
        action: 'step.failed',
        entity: 'incident',
        entityId: input.incidentId,
        after: { stepId: input.stepId, errorType: input.errorType, message: input.message },
      });
      await publishIncidentChange(input.incidentId, 'incident.step-failed');
    },

    async recordStepRecovered(input: { incidentId: string; stepId: string; how: 'retried' | 'skipped'; by: string; justification?: string }): Promise<void> {
      await Incident.updateOne({ _id: input.incidentId }, { $unset: { [`failedSteps.${fieldKey(input.stepId)}`]: '' } });
      await audit({
        actor: input.by,
        action: `step.${input.how}`,
        entity: 'incident',
        entityId: input.incidentId,
        after: { stepId: input.stepId, ...(input.justification ? { justification: input.justification } : {}) },
      });
      await publishIncidentChange(input.incidentId, 'incident.step-recovered');
    },

    async resolveIncident(input: { incidentId: string; resolution: string; outcome?: 'resolved' | 'cancelled' | 'failed' }): Promise<void> {
      const status = input.outcome ?? 'resolved';
      const at = new Date();
      await Incident.updateOne(
        { _id: input.incidentId, status: { $in: ['open', 'monitoring'] } },
        { $set: { status, resolution: input.resolution, ...(status === 'resolved' ? { resolvedAt: at } : { closedAt: at }) } },
      );
      await systemAudit(`incident.${status}`, 'incident', input.incidentId, { resolution: input.resolution });
      await publishIncidentChange(input.incidentId, `incident.${status}`);
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
