import type { BoundaryEventNode, SopNode } from '../graph';
import type { CompileContext } from './context';
import type { ScopeOutput } from './scope';

const BOUNDARY_HOSTS = new Set<SopNode['kind']>(['userTask', 'serviceTask', 'subProcess', 'callActivity']);
const ERROR_BOUNDARY_HOSTS = new Set<SopNode['kind']>(['serviceTask', 'subProcess', 'callActivity']);
const CONDITIONAL_SOURCES = new Set<SopNode['kind']>(['exclusiveGateway', 'inclusiveGateway']);
const GATEWAYS = new Set<SopNode['kind']>(['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway']);

function scopeName(scope: string | undefined): string {
  return scope ? `sub-process ${scope}` : 'the process';
}

/**
 * Links flows to nodes, attaches boundary events to their hosts and checks the graph's shape.
 * Returns the start node of every scope that has exactly one.
 */
export function linkAndValidate(ctx: CompileContext, out: ScopeOutput, processId: string): Map<string | undefined, string> {
  const { nodes, flows } = out;
  for (const flow of Object.values(flows)) {
    const source = nodes[flow.source];
    const target = nodes[flow.target];
    for (const [end, node] of [
      [flow.source, source],
      [flow.target, target],
    ] as const) {
      if (!node && !out.rejected.has(end)) ctx.problem(flow.id, `connects ${end}, which is not a flow node the engine runs`);
    }
    if (!source || !target) {
      // Keep the half that exists, so an unsupported element does not also make its neighbours look unconnected.
      if (source && out.rejected.has(flow.target)) source.outgoing.push(flow.id);
      if (target && out.rejected.has(flow.source)) target.incoming.push(flow.id);
      continue;
    }
    const scope = out.flowScope.get(flow.id);
    if (source.parent !== scope || target.parent !== scope) {
      ctx.problem(flow.id, `crosses a sub-process border (${flow.source} → ${flow.target}); flows must stay inside one scope — use the sub-process's own start and end events`);
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }

  for (const node of Object.values(nodes)) if (node.kind === 'boundaryEvent') attachBoundary(ctx, node, nodes);
  for (const node of Object.values(nodes)) checkNode(ctx, node, out);

  const starts = new Map<string | undefined, string>();
  for (const scope of out.scopes) {
    const scopeStarts = Object.values(nodes).filter((n) => n.kind === 'startEvent' && n.parent === scope);
    if (scopeStarts.length !== 1) {
      const at = scopeStarts[1]?.id ?? scope ?? processId;
      ctx.problem(at, `expected exactly one start event in ${scopeName(scope)}, found ${scopeStarts.length}`);
      continue;
    }
    starts.set(scope, scopeStarts[0]!.id);
    checkReachable(ctx, out, scope, scopeStarts[0]!.id);
  }
  return starts;
}

function attachBoundary(ctx: CompileContext, boundary: BoundaryEventNode, nodes: Record<string, SopNode>): void {
  const host = nodes[boundary.attachedTo];
  if (!host) {
    ctx.problem(boundary.id, `is attached to ${boundary.attachedTo}, which is not an activity the engine runs`);
    return;
  }
  if (!BOUNDARY_HOSTS.has(host.kind)) {
    ctx.problem(boundary.id, `boundary events can be attached to user tasks, service tasks, sub-processes and call activities, not to a ${host.kind}`);
    return;
  }
  if (boundary.trigger.trigger === 'error' && !ERROR_BOUNDARY_HOSTS.has(host.kind)) {
    ctx.problem(boundary.id, `error boundary events can be attached to service tasks, sub-processes and call activities, not to a ${host.kind}`);
    return;
  }
  if (host.parent !== boundary.parent) {
    ctx.problem(boundary.id, `must be drawn in the same scope as its host ${host.id}`);
    return;
  }
  (host.boundaries ??= []).push(boundary.id);
}

function checkNode(ctx: CompileContext, node: SopNode, out: ScopeOutput): void {
  const { flows, nodes } = out;
  const id = node.id;
  switch (node.kind) {
    case 'startEvent':
      if (node.incoming.length) ctx.problem(id, 'a start event cannot have incoming flows');
      break;
    case 'endEvent':
      if (node.outgoing.length) ctx.problem(id, 'an end event cannot have outgoing flows');
      break;
    case 'boundaryEvent':
      if (node.incoming.length) ctx.problem(id, 'a boundary event cannot have incoming flows');
      if (node.outgoing.length !== 1) ctx.problem(id, `a boundary event needs exactly one outgoing flow, found ${node.outgoing.length}`);
      break;
  }
  if (node.kind !== 'endEvent' && node.kind !== 'boundaryEvent' && node.outgoing.length === 0) ctx.problem(id, 'has no outgoing sequence flow');
  if (node.kind !== 'startEvent' && node.kind !== 'boundaryEvent' && node.incoming.length === 0) ctx.problem(id, 'has no incoming sequence flow');
  if (!GATEWAYS.has(node.kind) && node.kind !== 'boundaryEvent' && node.outgoing.length > 1) {
    ctx.problem(id, 'has several outgoing flows; split with a parallel or exclusive gateway');
  }

  if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
    if (node.defaultFlow !== undefined && !node.outgoing.includes(node.defaultFlow)) {
      ctx.problem(id, `default flow ${node.defaultFlow} does not leave this gateway`);
    }
    if (node.defaultFlow !== undefined && flows[node.defaultFlow]?.condition) {
      ctx.problem(node.defaultFlow, `the default flow of gateway ${id} must not have a condition`);
    }
    if (node.outgoing.length > 1) {
      for (const flowId of node.outgoing) {
        if (flowId !== node.defaultFlow && !flows[flowId]?.condition) {
          ctx.problem(flowId, `flow leaving gateway ${id} needs a condition or must be the default flow`);
        }
      }
    }
  }
  if (!CONDITIONAL_SOURCES.has(node.kind)) {
    for (const flowId of node.outgoing) {
      if (flows[flowId]?.condition) ctx.problem(flowId, 'conditions are only evaluated on flows leaving an exclusive or inclusive gateway; add a gateway');
    }
  }
  if (node.kind === 'eventBasedGateway') {
    if (node.outgoing.length < 2) ctx.problem(id, `an event-based gateway needs at least two outgoing flows, found ${node.outgoing.length}`);
    for (const flowId of node.outgoing) {
      const target = nodes[flows[flowId]!.target];
      if (target && target.kind !== 'intermediateCatchEvent') {
        ctx.problem(flowId, `flows leaving event-based gateway ${id} must lead to a timer or message catch event; ${target.id} is a ${target.kind}`);
      }
    }
  }
}

function checkReachable(ctx: CompileContext, out: ScopeOutput, scope: string | undefined, startId: string): void {
  const { nodes, flows } = out;
  // Walk flows by source id rather than node.outgoing, so a path through an unsupported element still counts.
  const targets = new Map<string, string[]>();
  for (const flow of Object.values(flows)) targets.set(flow.source, [...(targets.get(flow.source) ?? []), flow.target]);
  const seen = new Set<string>([startId]);
  const queue = [startId];
  while (queue.length) {
    const id = queue.shift()!;
    const next = [...(targets.get(id) ?? []), ...(nodes[id]?.boundaries ?? [])];
    for (const target of next) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  for (const node of Object.values(nodes)) {
    // A boundary that could not be attached is already reported.
    if (node.kind === 'boundaryEvent' && ctx.hasProblem(node.id)) continue;
    if (node.parent === scope && !seen.has(node.id)) ctx.problem(node.id, `is not reachable from the start event of ${scopeName(scope)}`);
  }
}
