/**
 * The activity stubs workflow code calls, configured once. Type-only import of the activities:
 * the workflow bundle never loads their code.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incident-activities';

/** Short database writes: a worker that dies mid-activity is noticed within seconds. */
export const acts = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** Immutable or exact-_id reads served by the worker itself (SOP graphs from its cache): no round trip through the server. */
export const local = proxyLocalActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds' });
