/**
 * The executable SOP graph: plain JSON compiled from BPMN at deploy time and interpreted by the
 * incident workflow. Pure types only — workflow code imports this file.
 */
export interface Assignee {
  unit?: string;
  role?: string;
  user?: string;
}

interface NodeBase {
  id: string;
  name?: string;
  /** Ids of outgoing sequence flows, in document order. */
  outgoing: string[];
  /** Ids of incoming sequence flows. */
  incoming: string[];
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
}

export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  /** A terminate end event ends every other branch too. */
  terminate: boolean;
}

export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  assignee: Assignee;
  form?: { key: string; version: number };
  /** ISO 8601 duration until the step is due. */
  sla?: string;
}

export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  defaultFlow?: string;
}

export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}

export type SopNode = StartEventNode | EndEventNode | UserTaskNode | ExclusiveGatewayNode | ParallelGatewayNode;
export type SopNodeKind = SopNode['kind'];

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  /** FEEL expression (without the leading `=`); absent on unconditional and default flows. */
  condition?: string;
}

export interface SopGraph {
  /** Format version of this JSON, so the interpreter can refuse a graph it does not understand. */
  format: 1;
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
