import { ApplicationFailure } from '@temporalio/common';
import { Incident, Task, audit } from '../model';
import type { Assignee, SopGraph, SopRef } from '../sop/graph';
import type { Severity, TriggerEvent } from '../workflows/definitions';
import { type SopGraphCache, SopNotFoundError } from './sop-cache';

export interface IncidentActivityDeps {
  sopCache: SopGraphCache;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const RECENT_EVENTS_LIMIT = 50;

/** A system-made state change, recorded once per action and entity however often the activity is retried. */
function systemAudit(action: string, entity: string, entityId: string, after: Record<string, unknown>): Promise<void> {
  return audit({ key: `${action}:${entityId}`, actor: 'system', action, entity, entityId, after });
}

/**
 * Side effects of the incident workflow. Every write is idempotent — keyed by ids the workflow
 * derives deterministically — so Temporal may retry any of them without duplicating a thing.
 */
export function createIncidentActivities({ sopCache }: IncidentActivityDeps) {
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
      trigger?: TriggerEvent;
    }): Promise<void> {
      const now = new Date();
      const trigger = input.trigger;
      await Incident.updateOne(
        { _id: input.incidentId },
        {
          $setOnInsert: {
            workflowId: input.workflowId,
            correlationKey: input.correlationKey,
            title: input.title,
            status: 'open',
            severity: input.severity,
            sopKey: input.sop.key,
            sopVersion: input.sop.version,
            ...(input.unit ? { unit: input.unit } : {}),
            ...(trigger?.location ? { location: trigger.location } : {}),
            detectedAt: trigger ? new Date(trigger.observedAt) : now,
            openedAt: now,
            eventCount: trigger ? 1 : 0,
            ...(trigger ? { lastEventAt: new Date(trigger.observedAt), recentEvents: [trigger.eventKey] } : { recentEvents: [] }),
          },
        },
        { upsert: true },
      );
      await systemAudit('incident.opened', 'incident', input.incidentId, { correlationKey: input.correlationKey, severity: input.severity, sop: input.sop });
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
      if (incident && SEVERITY_RANK[event.severity] > SEVERITY_RANK[incident.severity as Severity]) {
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
    },

    async createTask(input: {
      taskId: string;
      incidentId: string;
      workflowId: string;
      stepId: string;
      name: string;
      assignee: Assignee;
      form?: { key: string; version: number };
      dueAt?: string;
    }): Promise<void> {
      await Task.updateOne(
        { _id: input.taskId },
        {
          $setOnInsert: {
            incidentId: input.incidentId,
            workflowId: input.workflowId,
            stepId: input.stepId,
            name: input.name,
            status: 'open',
            ...(input.assignee.unit ? { unit: input.assignee.unit } : {}),
            ...(input.assignee.role ? { role: input.assignee.role } : {}),
            ...(input.assignee.user ? { candidateUser: input.assignee.user } : {}),
            ...(input.form ? { formKey: input.form.key, formVersion: input.form.version } : {}),
            ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
            createdAt: new Date(),
          },
        },
        { upsert: true },
      );
      await systemAudit('task.created', 'task', input.taskId, { stepId: input.stepId, incidentId: input.incidentId, assignee: input.assignee });
    },

    /** The API marks the task too; this makes sure the read model converges even if the API crashed after the update. */
    async recordTaskCompleted(input: { taskId: string; incidentId: string; data: Record<string, unknown>; completedBy: string }): Promise<void> {
      await Task.updateOne(
        { _id: input.taskId, status: { $ne: 'completed' } },
        { $set: { status: 'completed', completedAt: new Date(), completedBy: input.completedBy, data: input.data } },
      );
    },

    async resolveIncident(input: { incidentId: string; resolution: string }): Promise<void> {
      await Incident.updateOne({ _id: input.incidentId, status: 'open' }, { $set: { status: 'resolved', resolvedAt: new Date(), resolution: input.resolution } });
      await systemAudit('incident.resolved', 'incident', input.incidentId, { resolution: input.resolution });
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
