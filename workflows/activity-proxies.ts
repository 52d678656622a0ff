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

/**
 * Immutable or exact-_id reads served by the worker itself (SOP graphs from its cache): no round trip
 * through the server. Retries capped at 10 s apart: the default cap (100 s) left incidents waiting
 * a minute or more after a database restart had long ended (database-restart fault test).
 */
export const local = proxyLocalActivities<IncidentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', backoffCoefficient: 2 },
});

/**
 * Patch: resolving the SOP and opening the incident (or a call's SOP) run as regular activities again,
 * after patch 'local-open' had made them local. A local activity is cancelled when its run is evicted from the
 * worker's cache, and SDK 1.24 can then record it as cancelled and fail the incident: the
 * database-restart fault test lost incidents so, with 220 opening at once and a cache of 100.
 * A regular activity's retries are kept by the server and survive eviction.
 */
export const OPEN_AS_ACTIVITY_PATCH = 'open-as-activity';
