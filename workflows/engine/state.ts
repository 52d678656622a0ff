/**
 * The SOP engine's state and its inputs and outputs. Everything here is plain JSON: the state is
 * carried across continue-as-new, and commands/wake-ups are what the Temporal shell (runner.ts)
 * turns into activities, timers and child workflows.
 */
import type { Assignee, ServiceType } from '../../sop/graph';

/** A group of executions that completes when it has nothing left to do: the process, a sub-process body, one multi-instance item. */
export interface ScopeState {
  id: number;
  parent?: number;
  /** The execution waiting for this scope to finish (absent for the process scope). */
  ownerExec?: number;
  /** Variables visible only inside (the multi-instance item and `loopCounter`). */
  locals: Record<string, unknown>;
  /** The last end event reached in this scope. */
  lastEnd?: string;
}

export interface MultiInstanceState {
  items: unknown[];
  /** Index of the next item to start. */
  next: number;
  completed: number;
  results: unknown[];
}

/** A node instance that waits for something: a task, a timer, a message, an activity, a child, a scope. */
export interface ExecState {
  id: number;
  nodeId: string;
  scopeId: number;
  /** Set on the execution of one multi-instance item: the host execution and the item's index. */
  miItem?: { host: number; index: number };
  mi?: MultiInstanceState;
  /** User task. */
  taskId?: string;
  dueAt?: number;
  taskUnit?: string;
  claimed?: boolean;
  /** The acknowledgement timeout ran out on a claimed step: escalation runs again despite the claim. */
  ackExpired?: boolean;
  escalation?: { level: number; round: number };
  /** Service task or call activity. */
  key?: string;
  attempt?: number;
  failed?: { errorType: string; message: string };
  /** Embedded sub-process. */
  innerScope?: number;
}

export type SubscriptionPurpose = 'boundary' | 'catch' | 'gateway' | 'reminder' | 'escalate' | 'ack';

export interface Subscription {
  id: number;
  execId: number;
  purpose: SubscriptionPurpose;
  /** The boundary or catch event this subscription belongs to. */
  nodeId?: string;
  message?: string;
  timer?: { dueAt: number; intervalMs?: number; /** Further firings of a cycle; -1 repeats until cancelled. */ remaining?: number };
  /** Escalation level (0-based) and round (1-based) this timer starts. */
  level?: number;
  round?: number;
}

export interface EngineOutcome {
  outcome: 'completed' | 'error' | 'cancelled';
  /** The end event that finished the process (its name is the resolution shown to people). */
  endNodeId?: string;
  errorCode?: string;
  reason?: string;
}

export interface EngineState {
  variables: Record<string, unknown>;
  nextId: number;
  scopes: Record<number, ScopeState>;
  execs: Record<number, ExecState>;
  subs: Record<number, Subscription>;
  /** Parallel/inclusive join arrivals per `${scopeId}:${nodeId}` (the flows that arrived). */
  joins: Record<string, string[]>;
  /** How often each node was entered: task ids and idempotency keys derive from it. */
  activations: Record<string, number>;
  /** Completed step ids, most recent last (bounded), and counts per node for the diagram overlay. */
  completedSteps: string[];
  stepCounts: Record<string, number>;
  done?: EngineOutcome;
}

export interface TaskSpec {
  taskId: string;
  stepId: string;
  name: string;
  assignee: { unit?: string; role?: string; user?: string };
  form?: { key: string; version: number };
  dueAt?: number;
  skippable: boolean;
  /** Index of the multi-instance item (0-based) and the item itself. */
  item?: { index: number; value: unknown };
}

export interface Recipients {
  unit?: string;
  role?: string;
  user?: string;
  match?: 'members' | 'covering';
}

/** What the engine asks the shell to do. */
export type Command =
  | { type: 'createTask'; execId: number; task: TaskSpec }
  | { type: 'cancelTask'; taskId: string; reason: string }
  | { type: 'taskDone'; taskId: string; data: Record<string, unknown>; by: string; skipped?: { justification: string } }
  | { type: 'startTimer'; subId: number; dueAt: number }
  | { type: 'cancelTimer'; subId: number }
  | { type: 'runService'; execId: number; stepId: string; key: string; serviceType: ServiceType; params: Record<string, unknown>; maxAttempts: number }
  | { type: 'cancelService'; execId: number }
  | { type: 'startChild'; execId: number; stepId: string; key: string; sopKey: string; sopVersion?: number; variables: Record<string, unknown> }
  | { type: 'cancelChild'; execId: number }
  | { type: 'notifyTask'; key: string; taskId: string; stepId: string; kind: 'reminder' | 'escalation'; level?: number; round?: number; recipients: Recipients }
  | { type: 'stepFailed'; stepId: string; errorType: string; message: string }
  | { type: 'stepRecovered'; stepId: string; how: 'retried' | 'skipped'; by: string; justification?: string };

/** What wakes the engine up. */
export type Wakeup =
  | { type: 'taskCompleted'; taskId: string; data: Record<string, unknown>; by: string }
  | { type: 'taskSkipped'; taskId: string; justification: string; by: string }
  | { type: 'taskClaimed'; taskId: string; by: string }
  | { type: 'taskReleased'; taskId: string }
  | { type: 'escalateNow'; taskId: string; by: string }
  | { type: 'timerFired'; subId: number }
  | { type: 'message'; name: string; data: Record<string, unknown> }
  | { type: 'serviceCompleted'; execId: number; result: unknown }
  | { type: 'serviceFailed'; execId: number; errorType: string; message: string }
  | { type: 'childCompleted'; execId: number; variables: Record<string, unknown> }
  | { type: 'childFailed'; execId: number; errorType: string; message: string }
  | { type: 'retryStep'; stepId: string; by: string }
  | { type: 'skipStep'; stepId: string; by: string; justification: string }
  | { type: 'cancel'; reason: string; by: string };

export type { Assignee };
