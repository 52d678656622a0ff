/**
 * The contract between the API, the worker and the incident workflow: every signal, update and
 * query name lives here once, typed, and is imported by all sides.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SopRef } from '../sop/graph';

export type Severity = 'info' | 'warning' | 'critical';

/** A reading that made a rule fire, as it travels to the incident. */
export interface TriggerEvent {
  /** `source|id`, the stored event's key. */
  eventKey: string;
  source: string;
  metric: string;
  value: unknown;
  observedAt: string;
  ruleKey: string;
  severity: Severity;
  location?: { lat: number; lon: number };
}

export interface IncidentWorkflowInput {
  correlationKey: string;
  title: string;
  severity: Severity;
  sopKey: string;
  /** Pin a version; the latest deployed one when absent. */
  sopVersion?: number;
  unit?: string;
  location?: { lat: number; lon: number };
  trigger?: TriggerEvent;
  variables?: Record<string, unknown>;
}

export interface IncidentOutcome {
  incidentId: string;
  resolution: string;
  sop: SopRef;
}

export interface CompleteTaskInput {
  taskId: string;
  data: Record<string, unknown>;
  completedBy: string;
}

export interface IncidentState {
  incidentId: string;
  sop?: SopRef;
  activeSteps: string[];
  completedSteps: string[];
  pendingTaskIds: string[];
  variables: Record<string, unknown>;
  eventCount: number;
}

/** Workflow type name of `incidentWorkflow`; clients use it with a type-only import so they never load workflow code. */
export const INCIDENT_WORKFLOW_TYPE = 'incidentWorkflow';

export const WORKFLOW_ID_PREFIX = 'incident:';
export const incidentWorkflowId = (correlationKey: string) => `${WORKFLOW_ID_PREFIX}${correlationKey}`;

/** A further reading for an open incident (the rule fired again for the same correlation key). */
export const incidentEventSignal = defineSignal<[TriggerEvent]>('incidentEvent');
/** Completes a human step; the validator rejects stale or duplicate completions without failing the run. */
export const completeTaskUpdate = defineUpdate<{ accepted: true }, [CompleteTaskInput]>('completeTask');
/** Active, completed and pending steps plus variables — for the diagram overlay. */
export const incidentStateQuery = defineQuery<IncidentState>('incidentState');
