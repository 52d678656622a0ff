/**
 * The executable SOP graph: plain JSON compiled from BPMN at deploy time and interpreted by the
 * incident workflow. Pure types only — workflow code imports this file.
 *
 * Nodes of every scope live in one flat map; a node inside an embedded sub-process names it in
 * `parent`. Boundary events are nodes too, attached to their host with `attachedTo`.
 */

/**
 * A value an admin typed: a literal, or a FEEL expression evaluated when the step runs
 * (written `=expr` in the BPMN, as in Camunda). Literal strings may hold `{{path}}` placeholders
 * where a template is expected (notification texts, URLs).
 */
export type Dynamic = string | { feel: string };

export interface Assignee {
  unit?: Dynamic;
  role?: Dynamic;
  user?: Dynamic;
}

/** One level of an escalation chain (PagerDuty style): who is told, and how long before the next level. */
export interface EscalationLevel {
  unit?: string;
  role?: string;
  user?: string;
  /** ISO 8601 duration this level waits for a claim before the next level is told. */
  after: string;
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  /** How many times the whole chain runs before it stops (≥ 1). */
  repeat: number;
  /** A claimed step untouched for this long re-arms the chain (ISO 8601 duration). */
  ackTimeout?: string;
}

export interface MultiInstance {
  sequential: boolean;
  /** FEEL expression yielding a list; one instance per item. */
  collection: string;
  /** Name of the item inside each instance (e.g. `ward`). `loopCounter` (1-based) is set too. */
  elementVariable: string;
  /** Variable receiving the list of instance results, in collection order (default: the node id). */
  outputCollection?: string;
  /** FEEL evaluated after each instance; true ends the remaining instances early. */
  completionCondition?: string;
}

export interface Mapping {
  /** FEEL expression evaluated in the source context. */
  source: string;
  /** Variable name written in the target context. */
  target: string;
}

export type TimerDefinition =
  | { timer: 'duration'; value: Dynamic } // ISO 8601 duration, e.g. PT2H
  | { timer: 'date'; value: Dynamic } // ISO 8601 date-time
  | { timer: 'cycle'; value: Dynamic }; // R<n>/<duration>, e.g. R3/PT10M (R/… repeats until cancelled)

export type EventTrigger =
  | ({ trigger: 'timer' } & TimerDefinition)
  | { trigger: 'message'; message: string }
  /** Error boundary: catches the given code, or any error when absent. */
  | { trigger: 'error'; errorCode?: string };

interface NodeBase {
  id: string;
  name?: string;
  /** Ids of outgoing sequence flows, in document order. */
  outgoing: string[];
  /** Ids of incoming sequence flows. */
  incoming: string[];
  /** Id of the enclosing embedded sub-process; absent at the process level. */
  parent?: string;
  /** Ids of boundary events attached to this node. */
  boundaries?: string[];
  multiInstance?: MultiInstance;
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
}

export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  /** none: this path ends; terminate: the whole scope ends; error: throws `errorCode` to the nearest error boundary. */
  end: 'none' | 'terminate' | 'error';
  errorCode?: string;
}

export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  assignee: Assignee;
  form?: { key: string; version: number };
  /** Time until the step is due: an ISO 8601 duration or FEEL yielding one. */
  sla?: Dynamic;
  /** ISO 8601 duration before the due time when the assignees are reminded. */
  reminder?: string;
  escalation?: EscalationPolicy;
  /** Skippable steps may be skipped with a written justification; required ones may not. */
  skippable: boolean;
}

export const SERVICE_TYPES = ['notify', 'http', 'set-incident'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Service and send tasks: a side effect run as a Temporal activity with retries. */
export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  serviceType: ServiceType;
  /** Type-specific parameters (see README, "Service tasks"). */
  params: Record<string, Dynamic>;
  /** Variable receiving the activity's result (http: `{status, body}`). */
  resultVariable?: string;
  /** Attempts before the step counts as failed (default 5). */
  maxAttempts: number;
}

/** Evaluates FEEL: with `resultVariable` the value is stored there; otherwise it must be a context whose entries become variables. */
export interface ScriptTaskNode extends NodeBase {
  kind: 'scriptTask';
  expression: string;
  resultVariable?: string;
}

/** Work done outside the system: recorded as a step, passes straight through. */
export interface ManualTaskNode extends NodeBase {
  kind: 'manualTask';
}

export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  defaultFlow?: string;
}

export interface InclusiveGatewayNode extends NodeBase {
  kind: 'inclusiveGateway';
  defaultFlow?: string;
}

export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}

/** Waits for whichever following catch event (timer or message) happens first. */
export interface EventBasedGatewayNode extends NodeBase {
  kind: 'eventBasedGateway';
}

export interface IntermediateCatchEventNode extends NodeBase {
  kind: 'intermediateCatchEvent';
  trigger: Extract<EventTrigger, { trigger: 'timer' | 'message' }>;
}

export interface BoundaryEventNode extends NodeBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  /** Interrupting events cancel the host; non-interrupting ones start a parallel path. */
  interrupting: boolean;
  trigger: EventTrigger;
}

export interface SubProcessNode extends NodeBase {
  kind: 'subProcess';
  startNodeId: string;
}

/** Runs another deployed SOP as a child workflow. */
export interface CallActivityNode extends NodeBase {
  kind: 'callActivity';
  calledSop: string;
  /** Pinned version; the latest deployed one when absent. */
  calledVersion?: number;
  /** Variables passed in; all variables when empty. */
  inputs: Mapping[];
  /** Variables taken back; with none, the child's variables are stored under the node id. */
  outputs: Mapping[];
}

export type SopNode =
  | StartEventNode
  | EndEventNode
  | UserTaskNode
  | ServiceTaskNode
  | ScriptTaskNode
  | ManualTaskNode
  | ExclusiveGatewayNode
  | InclusiveGatewayNode
  | ParallelGatewayNode
  | EventBasedGatewayNode
  | IntermediateCatchEventNode
  | BoundaryEventNode
  | SubProcessNode
  | CallActivityNode;
export type SopNodeKind = SopNode['kind'];

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  /** FEEL expression (without the leading `=`); only on flows leaving exclusive or inclusive gateways. */
  condition?: string;
}

export const GRAPH_FORMAT = 2;

export interface SopGraph {
  /** Format version of this JSON, so the interpreter can refuse a graph it does not understand. */
  format: typeof GRAPH_FORMAT;
  processId: string;
  name: string;
  startNodeId: string;
  nodes: Record<string, SopNode>;
  flows: Record<string, SequenceFlow>;
}

/** The reference a workflow keeps: versions are immutable, so key + version + hash identify a graph. */
export interface SopRef {
  key: string;
  version: number;
  graphHash: string;
}
