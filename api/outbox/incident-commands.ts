import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { OutboxKind } from '../../model';
import { createLogger } from '../../platform/log';
import { cancelIncidentUpdate, incidentClearedSignal, incidentEventSignal, type TriggerEvent } from '../../workflows/definitions';
import type { IncidentClearedPayload } from '../events/event-evaluator';

const log = createLogger('outbox');

/** `incident-event`: a further event for a running incident; never starts one. */
export interface IncidentEventPayload {
  workflowId: string;
  event: TriggerEvent;
}

/** `incident-cancel`: cancels a running incident. */
export interface IncidentCancelPayload {
  workflowId: string;
  reason: string;
  by: string;
}

/**
 * Delivers the outbox kinds that address an existing incident (CAP Update and Cancel, a rule's clear). An incident
 * that has ended or never existed makes the record moot: it is logged and dropped. Anything else
 * (Temporal down, the workflow still starting) throws, so the dispatcher retries with back-off.
 */
export async function deliverIncidentCommand(client: Client, kind: Exclude<OutboxKind, 'incident-signal'>, payload: unknown): Promise<void> {
  try {
    if (kind === 'incident-event') {
      const p = payload as IncidentEventPayload;
      await client.workflow.getHandle(p.workflowId).signal(incidentEventSignal, p.event);
    } else if (kind === 'incident-cleared') {
      // A cleared alert only tells a running incident; it never starts one.
      const { workflowId, ...cleared } = payload as IncidentClearedPayload;
      await client.workflow.getHandle(workflowId).signal(incidentClearedSignal, cleared);
    } else {
      const p = payload as IncidentCancelPayload;
      await client.workflow.getHandle(p.workflowId).executeUpdate(cancelIncidentUpdate, { args: [{ reason: p.reason, by: p.by }] });
    }
  } catch (err) {
    const moot =
      err instanceof WorkflowNotFoundError ||
      (err instanceof Error && /already completed/i.test(err.message)) ||
      (err instanceof WorkflowUpdateFailedError && /has ended/.test(err.cause?.message ?? ''));
    if (!moot) throw err;
    log.warn('outbox record dropped: the incident is not running', { kind, workflowId: (payload as { workflowId: string }).workflowId, error: (err as Error).message });
  }
}
