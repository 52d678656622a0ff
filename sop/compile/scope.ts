import type { ModdleElement } from 'bpmn-moddle';
import type { SequenceFlow, SopNode } from '../graph';
import { stripFeelPrefix } from '../feel';
import { type CompileContext, bodyOf, child, children, idOf, shortType, str } from './context';
import { boundaryEvent, endEvent, intermediateCatchEvent, startEvent } from './events';
import { serviceTask } from './service';
import { type NodeBase, callActivity, multiInstance, scriptTask, userTask } from './tasks';
import { feel } from './values';

/** What the scope walk produces: one flat node and flow map for the process and every embedded sub-process. */
export interface ScopeOutput {
  nodes: Record<string, SopNode>;
  flows: Record<string, SequenceFlow>;
  /** Scope of each flow (sub-process id, or undefined at the process level). */
  flowScope: Map<string, string | undefined>;
  /** Every scope: undefined = the process, else a sub-process id. */
  scopes: (string | undefined)[];
  /** Ids of elements already reported as unsupported, so flows to them are not reported twice. */
  rejected: Set<string>;
}

/** Flow nodes without behaviour. */
const IGNORED = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Elements the engine does not run, with what to use instead. */
const UNSUPPORTED: Record<string, string> = {
  'bpmn:Task': 'a task without a type does nothing; use a user, service, send, script or manual task',
  'bpmn:ReceiveTask': 'receive tasks are not supported; use an intermediate message catch event',
  'bpmn:BusinessRuleTask': 'business rule tasks are not supported; use a script task with a FEEL expression',
  'bpmn:ComplexGateway': 'complex gateways are not supported; use an inclusive or exclusive gateway',
  'bpmn:IntermediateThrowEvent': 'intermediate throw events are not supported; use a send task (cityops:type="notify") or a service task',
  'bpmn:Transaction': 'transactions are not supported; use an embedded sub-process with an error boundary',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported; use a sub-process with a parallel or inclusive gateway',
  'bpmn:ImplicitThrowEvent': 'implicit throw events are not supported',
  'bpmn:ChoreographyTask': 'choreographies are not supported; draw one executable process',
  'bpmn:SubChoreography': 'choreographies are not supported; draw one executable process',
  'bpmn:CallChoreography': 'choreographies are not supported; draw one executable process',
};

const MULTI_INSTANCE_HOSTS = new Set(['userTask', 'serviceTask', 'subProcess', 'callActivity']);

/** Compiles the flow elements of a process or embedded sub-process, recursing into nested sub-processes. */
export function compileScope(ctx: CompileContext, container: ModdleElement, parent: string | undefined, out: ScopeOutput): void {
  out.scopes.push(parent);
  for (const el of children(container, 'flowElements')) {
    const id = idOf(el);
    if (!id) {
      ctx.problem(parent ?? idOf(container) ?? 'definitions', `a ${shortType(el)} has no id`);
      continue;
    }
    if (el.$type === 'bpmn:SequenceFlow') {
      sequenceFlow(ctx, el, id, parent, out);
      continue;
    }
    if (IGNORED.has(el.$type)) continue;
    const base: NodeBase = { id, ...(str(el, 'name') ? { name: str(el, 'name')! } : {}), outgoing: [], incoming: [], ...(parent ? { parent } : {}) };
    const node = flowNode(ctx, el, base);
    if (!node) {
      out.rejected.add(id);
      continue;
    }
    loopCharacteristics(ctx, el, node);
    out.nodes[id] = node;
    if (node.kind === 'subProcess') compileScope(ctx, el, id, out);
  }
}

function flowNode(ctx: CompileContext, el: ModdleElement, base: NodeBase): SopNode | undefined {
  switch (el.$type) {
    case 'bpmn:StartEvent':
      return startEvent(ctx, el, base);
    case 'bpmn:EndEvent':
      return endEvent(ctx, el, base);
    case 'bpmn:IntermediateCatchEvent':
      return intermediateCatchEvent(ctx, el, base);
    case 'bpmn:BoundaryEvent':
      return boundaryEvent(ctx, el, base);
    case 'bpmn:UserTask':
      return userTask(ctx, el, base);
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      return serviceTask(ctx, el, base);
    case 'bpmn:ScriptTask':
      return scriptTask(ctx, el, base);
    case 'bpmn:ManualTask':
      return { ...base, kind: 'manualTask' };
    case 'bpmn:CallActivity':
      return callActivity(ctx, el, base);
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway': {
      const defaultFlow = idOf(child(el, 'default'));
      return { ...base, kind: el.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway' : 'inclusiveGateway', ...(defaultFlow ? { defaultFlow } : {}) };
    }
    case 'bpmn:ParallelGateway':
      return { ...base, kind: 'parallelGateway' };
    case 'bpmn:EventBasedGateway':
      if (el.instantiate === true) ctx.problem(base.id, 'instantiating event-based gateways are not supported; use a none start event');
      return { ...base, kind: 'eventBasedGateway' };
    case 'bpmn:SubProcess':
      if (el.triggeredByEvent === true) {
        ctx.problem(base.id, 'event sub-processes are not supported; attach boundary events to the activity or sub-process instead');
        return undefined;
      }
      return { ...base, kind: 'subProcess', startNodeId: '' };
  }
  ctx.problem(base.id, UNSUPPORTED[el.$type] ?? `${shortType(el)} is not supported by the CityOps engine`);
  return undefined;
}

function loopCharacteristics(ctx: CompileContext, el: ModdleElement, node: SopNode): void {
  const lc = child(el, 'loopCharacteristics');
  if (!lc) return;
  if (lc.$type === 'bpmn:StandardLoopCharacteristics') {
    ctx.problem(node.id, 'standard loops are not supported; use a gateway loop or multi-instance');
    return;
  }
  if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return;
  if (!MULTI_INSTANCE_HOSTS.has(node.kind)) {
    ctx.problem(node.id, 'multi-instance is only supported on user tasks, service and send tasks, sub-processes and call activities');
    return;
  }
  const mi = multiInstance(ctx, lc, node.id);
  if (mi) node.multiInstance = mi;
}

function sequenceFlow(ctx: CompileContext, el: ModdleElement, id: string, parent: string | undefined, out: ScopeOutput): void {
  const source = idOf(child(el, 'sourceRef'));
  const target = idOf(child(el, 'targetRef'));
  if (!source || !target) {
    if (!ctx.hasProblem(id)) ctx.problem(id, 'sequence flow needs both a sourceRef and a targetRef');
    return;
  }
  const raw = bodyOf(child(el, 'conditionExpression'));
  // Kept even when its syntax is wrong (reported here) so the gateway checks do not also call it missing.
  const condition = raw !== undefined && stripFeelPrefix(raw) ? (feel(ctx, id, 'condition', raw) ?? stripFeelPrefix(raw)) : undefined;
  out.flows[id] = { id, source, target, ...(condition ? { condition } : {}) };
  out.flowScope.set(id, parent);
}
