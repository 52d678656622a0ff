/**
 * The contract between the API, the worker and the incident workflow: every signal, update and
 * query name lives here once, typed, and is imported by all sides.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SopRef } from '../sop/graph';
import type { EngineOutcome, EngineState } from './engine/state';

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
  /** Set by continue-as-new: where the previous run stopped. */
  resume?: IncidentResume;
  /** History events after which the run continues as new (default 10,000; tests lower it). */
  historyLimit?: number;
}

/** What one run hands the next on continue-as-new: nothing else survives. */
export interface IncidentResume {
  sop: SopRef;
  engine: EngineState;
  seenEvents: string[];
  pendingEvents: TriggerEvent[];
  eventCount: number;
  /** How many runs came before (for the state view). */
  runs: number;
}

/** A call activity's child workflow: another SOP run on behalf of the same incident. */
export interface SopCallInput {
  incidentId: string;
  parentWorkflowId: string;
  sopKey: string;
  sopVersion?: number;
  variables: Record<string, unknown>;
  /** Nesting depth, to stop an SOP that calls itself forever. */
  depth: number;
}

export interface SopCallOutcome {
  variables: Record<string, unknown>;
}

export interface IncidentOutcome {
  incidentId: string;
  resolution: string;
  sop: SopRef;
  /** Absent on incidents finished by the v1 interpreter (always completed). */
  outcome?: EngineOutcome['outcome'];
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
  /** Engine v2 only: every waiting or failed step, with its task, due time or error. */
  steps?: { stepId: string; status: 'active' | 'failed'; taskId?: string; dueAt?: number; error?: string }[];
  /** How often each node completed (loops count each pass): the diagram's done markers. */
  stepCounts?: Record<string, number>;
  /** Timers armed now: boundary, catch, reminder and escalation timers. */
  timers?: { purpose: string; nodeId?: string; dueAt: number }[];
  /** Message names a step is waiting for. */
  awaitingMessages?: string[];
  /** Runs of this incident so far (continue-as-new), and events in the current run's history. */
  runs?: number;
  historyLength?: number;
  done?: EngineOutcome;
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

/** Skips a skippable human step; needs a written justification. */
export const skipTaskUpdate = defineUpdate<{ accepted: true }, [{ taskId: string; justification: string; by: string }]>('skipTask');
/** Claim and release reach the workflow so escalation stops on a claim and re-arms on release. */
export const taskClaimedSignal = defineSignal<[{ taskId: string; by: string }]>('taskClaimed');
export const taskReleasedSignal = defineSignal<[{ taskId: string }]>('taskReleased');
/** Tells the next escalation level now, without waiting for the timer. */
export const escalateTaskUpdate = defineUpdate<{ accepted: true }, [{ taskId: string; by: string }]>('escalateTask');
/** Delivers a message to the step waiting for it (an intermediate or boundary message event). */
export const deliverMessageUpdate = defineUpdate<{ accepted: true }, [{ name: string; data: Record<string, unknown>; by: string }]>('deliverMessage');
/** Runs a failed service step or call activity again, or skips it with a justification. */
export const retryStepUpdate = defineUpdate<{ accepted: true }, [{ stepId: string; by: string }]>('retryStep');
export const skipStepUpdate = defineUpdate<{ accepted: true }, [{ stepId: string; by: string; justification: string }]>('skipStep');
/** Cancels the incident: every open step ends, the incident is closed as cancelled. */
export const cancelIncidentUpdate = defineUpdate<{ accepted: true }, [{ reason: string; by: string }]>('cancelIncident');
/** Severity changed by hand: the workflow's `incident.severity` variable follows. */
export const severityChangedSignal = defineSignal<[{ severity: Severity }]>('severityChanged');

/** The rule that opened the incident has cleared: its clear condition held for the rule's clear period. */
export interface IncidentCleared {
  ruleKey: string;
  correlationKey: string;
  /** The reading that completed the clear period. */
  eventKey: string;
  value: unknown;
  clearedAt: string;
}
/**
 * Sent once per firing episode when the alert returns to normal; the SOP decides what it means: the
 * run sets the variable `alertCleared` and delivers the message ALERT_CLEARED_MESSAGE to a step
 * waiting for it (a message boundary or catch event), e.g. to close the incident by itself.
 */
export const incidentClearedSignal = defineSignal<[IncidentCleared]>('incidentCleared');
/** The BPMN message name an SOP waits for to hear that its alert cleared. */
export const ALERT_CLEARED_MESSAGE = 'alert-cleared';

export const SOP_CALL_WORKFLOW_TYPE = 'sopCallWorkflow';
