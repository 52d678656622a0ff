/**
 * FROZEN: the v1 interpreter, kept only so incidents started before the engine rewrite replay and
 * finish as they began (see incident-workflow.ts, patch `engine-v2`). Do not change behaviour here.
 *
 * Walks a compiled SOP graph. Deterministic: no I/O here — every side effect goes through the
 * `StepPorts` the incident workflow provides (activities, conditions). Parallel branches are
 * separate async tokens; each keeps its own position, and joins count arrivals explicitly.
 */
import { evaluate } from 'feelin';

/** The format-1 graph this interpreter understands. */
export interface V1Node {
  id: string;
  name?: string;
  kind: 'startEvent' | 'endEvent' | 'userTask' | 'exclusiveGateway' | 'parallelGateway';
  outgoing: string[];
  incoming: string[];
  terminate?: boolean;
  defaultFlow?: string;
  assignee?: { unit?: string; role?: string; user?: string };
  form?: { key: string; version: number };
  sla?: string;
}
type EndEventNode = V1Node;
type ExclusiveGatewayNode = V1Node;
type SopNode = V1Node;
type UserTaskNode = V1Node;
export interface SopGraph {
  startNodeId: string;
  nodes: Record<string, V1Node>;
  flows: Record<string, { id: string; source: string; target: string; condition?: string }>;
}

export interface StepPorts {
  /** Runs a human step to completion and returns the submitted data. */
  runUserTask(node: UserTaskNode, activation: number): Promise<Record<string, unknown>>;
  onStepStarted(nodeId: string): void;
  onStepCompleted(nodeId: string): void;
}

export interface RunResult {
  /** The end event that finished the run (the last one reached). */
  endNode?: EndEventNode;
}

export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly elementId: string,
    message: string,
  ) {
    super(`${elementId}: ${message}`);
  }
}

export class SopInterpreter {
  private readonly activations = new Map<string, number>();
  private readonly joinArrivals = new Map<string, number>();
  private result: RunResult = {};
  private terminated = false;

  constructor(
    private readonly graph: SopGraph,
    private readonly variables: Record<string, unknown>,
    private readonly ports: StepPorts,
  ) {}

  async run(): Promise<RunResult> {
    await this.runToken(this.graph.startNodeId);
    return this.result;
  }

  /** Moves one token until it ends, forks, or waits at a join. */
  private async runToken(startId: string): Promise<void> {
    let nodeId: string | undefined = startId;
    while (nodeId !== undefined && !this.terminated) {
      const node: SopNode = this.node(nodeId);
      const activation = (this.activations.get(node.id) ?? 0) + 1;
      this.activations.set(node.id, activation);
      switch (node.kind) {
        case 'startEvent':
          nodeId = this.single(node);
          break;
        case 'userTask': {
          this.ports.onStepStarted(node.id);
          const data = await this.ports.runUserTask(node, activation);
          if (this.terminated) return;
          this.variables[node.id] = data;
          this.ports.onStepCompleted(node.id);
          nodeId = this.single(node);
          break;
        }
        case 'exclusiveGateway':
          nodeId = this.flowTarget(this.chooseFlow(node));
          break;
        case 'parallelGateway': {
          if (node.incoming.length > 1) {
            const arrived = (this.joinArrivals.get(node.id) ?? 0) + 1;
            if (arrived < node.incoming.length) {
              this.joinArrivals.set(node.id, arrived);
              return; // this token waits; the last arriving token continues
            }
            this.joinArrivals.delete(node.id);
          }
          await Promise.all(node.outgoing.map((f) => this.runToken(this.flowTarget(f))));
          return;
        }
        case 'endEvent':
          this.result = { endNode: node };
          if (node.terminate) this.terminated = true;
          return;
      }
    }
  }

  private chooseFlow(node: ExclusiveGatewayNode): string {
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = this.graph.flows[flowId];
      if (!flow) throw new GraphError(flowId, 'flow missing from graph');
      if (!flow.condition) return flowId; // a lone unconditional flow
      const { value } = evaluate(flow.condition, this.variables);
      if (value === true) return flowId;
    }
    if (node.defaultFlow) return node.defaultFlow;
    throw new GraphError(node.id, 'no outgoing flow condition is true and there is no default flow');
  }

  private single(node: SopNode): string {
    const [flowId] = node.outgoing;
    if (!flowId) throw new GraphError(node.id, 'has no outgoing flow');
    return this.flowTarget(flowId);
  }

  private flowTarget(flowId: string): string {
    const flow = this.graph.flows[flowId];
    if (!flow) throw new GraphError(flowId, 'flow missing from graph');
    return flow.target;
  }

  private node(id: string): SopNode {
    const node = this.graph.nodes[id];
    if (!node) throw new GraphError(id, 'node missing from graph');
    return node;
  }
}
