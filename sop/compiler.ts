import { createHash } from 'node:crypto';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import cityopsDescriptor from './cityops-moddle.json';
import { SopCompileError, type CompileProblem } from './errors';
import { isIsoDuration } from './duration';
import { feelSyntaxError, stripFeelPrefix } from './feel';
import type { SopGraph, SopNode, SequenceFlow } from './graph';

export interface CompileOptions {
  /**
   * Resolves a user task's form to a concrete deployed version (the latest when none is given), or
   * undefined when no such form exists. Pinning at deploy time keeps running incidents on the form they started with.
   */
  resolveForm: (key: string, version?: number) => number | undefined;
}

export interface CompiledSop {
  graph: SopGraph;
  graphHash: string;
  /** Non-fatal notes, e.g. foreign extension elements that were ignored. */
  warnings: CompileProblem[];
}

const CITYOPS_PREFIX = 'cityops';

/** Element types the interpreter runs, mapped to the graph node kind they compile to. */
const SUPPORTED: Record<string, SopNode['kind']> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
};

/** Elements that carry no behaviour and are skipped. */
const IGNORED = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:DataObject']);

/**
 * Compiles BPMN 2.0 XML into the executable graph. Runs at deploy time, never in workflow code.
 * Collects every problem before failing so the admin can fix them all at once.
 */
export async function compileSop(bpmnXml: string, options: CompileOptions): Promise<CompiledSop> {
  const moddle = BpmnModdle({ [CITYOPS_PREFIX]: cityopsDescriptor });
  let parsed;
  try {
    parsed = await moddle.fromXML(bpmnXml);
  } catch (err) {
    throw new SopCompileError([{ elementId: 'definitions', message: `not well-formed BPMN XML: ${(err as Error).message}` }]);
  }
  const problems: CompileProblem[] = [];
  const warnings: CompileProblem[] = parsed.warnings.map((w) => ({ elementId: w.element?.id ?? 'definitions', message: w.message }));

  const processes = ((parsed.rootElement.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable !== false);
  if (executable.length !== 1) {
    throw new SopCompileError([{ elementId: 'definitions', message: `expected exactly one executable process, found ${executable.length}` }]);
  }
  const process = executable[0]!;
  const elements = (process.flowElements as ModdleElement[] | undefined) ?? [];

  const nodes: Record<string, SopNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const defaultFlows = new Map<string, string>();

  for (const el of elements) {
    const id = el.id ?? '(no id)';
    noteForeignExtensions(el, warnings);
    if (el.$type === 'bpmn:SequenceFlow') {
      const source = (el.sourceRef as ModdleElement | undefined)?.id;
      const target = (el.targetRef as ModdleElement | undefined)?.id;
      if (!source || !target) {
        problems.push({ elementId: id, message: 'sequence flow needs both a source and a target' });
        continue;
      }
      const body = (el.conditionExpression as ModdleElement | undefined)?.body;
      const condition = typeof body === 'string' && body.trim() ? stripFeelPrefix(body) : undefined;
      if (condition) {
        const syntax = feelSyntaxError(condition);
        if (syntax) problems.push({ elementId: id, message: syntax });
      }
      flows[id] = { id, source, target, ...(condition ? { condition } : {}) };
      continue;
    }
    if (IGNORED.has(el.$type)) continue;
    const kind = SUPPORTED[el.$type];
    if (!kind) {
      problems.push({ elementId: id, message: `${el.$type.replace('bpmn:', '')} is not supported by the CityOps engine` });
      continue;
    }
    const node = compileNode(kind, el, problems, options);
    if (node) nodes[id] = node;
    const def = (el.default as ModdleElement | undefined)?.id;
    if (def) defaultFlows.set(id, def);
  }

  linkFlows(nodes, flows);
  for (const [gatewayId, flowId] of defaultFlows) {
    const gw = nodes[gatewayId];
    if (gw?.kind === 'exclusiveGateway') gw.defaultFlow = flowId;
  }
  validateStructure(nodes, flows, problems);

  if (problems.length) throw new SopCompileError(problems);
  const starts = Object.values(nodes).filter((n) => n.kind === 'startEvent');
  const graph: SopGraph = {
    format: 1,
    processId: process.id ?? 'process',
    name: (process.name as string | undefined) ?? process.id ?? 'SOP',
    startNodeId: starts[0]!.id,
    nodes,
    flows,
  };
  return { graph, graphHash: hashGraph(graph), warnings };
}

export function hashGraph(graph: SopGraph): string {
  return createHash('sha256').update(JSON.stringify(graph)).digest('hex').slice(0, 16);
}

function compileNode(kind: SopNode['kind'], el: ModdleElement, problems: CompileProblem[], options: CompileOptions): SopNode | undefined {
  const id = el.id ?? '(no id)';
  const base = { id, ...(el.name ? { name: String(el.name) } : {}), outgoing: [] as string[], incoming: [] as string[] };
  switch (kind) {
    case 'startEvent': {
      const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
      if (defs.length) problems.push({ elementId: id, message: `start event with ${defs[0]!.$type.replace('bpmn:', '')} is not supported; use a none start event` });
      return { ...base, kind };
    }
    case 'endEvent': {
      const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
      const terminate = defs.some((d) => d.$type === 'bpmn:TerminateEventDefinition');
      const other = defs.find((d) => d.$type !== 'bpmn:TerminateEventDefinition');
      if (other) problems.push({ elementId: id, message: `end event with ${other.$type.replace('bpmn:', '')} is not supported` });
      return { ...base, kind, terminate };
    }
    case 'userTask': {
      const unit = el.assigneeUnit as string | undefined;
      const role = el.assigneeRole as string | undefined;
      const user = el.assigneeUser as string | undefined;
      if (!unit && !role && !user) problems.push({ elementId: id, message: 'user task needs an assignee (cityops:assigneeUnit, assigneeRole or assigneeUser)' });
      const formKey = el.formKey as string | undefined;
      const formVersion = el.formVersion as number | undefined;
      const resolvedForm = formKey ? options.resolveForm(formKey, formVersion) : undefined;
      if (formKey && resolvedForm === undefined) {
        problems.push({ elementId: id, message: `form "${formKey}"${formVersion ? ` version ${formVersion}` : ''} does not exist` });
      }
      const sla = el.sla as string | undefined;
      if (sla && !isIsoDuration(sla)) {
        problems.push({ elementId: id, message: `SLA "${sla}" is not an ISO 8601 duration such as PT30M` });
      }
      return {
        ...base,
        kind,
        assignee: { ...(unit ? { unit } : {}), ...(role ? { role } : {}), ...(user ? { user } : {}) },
        ...(formKey && resolvedForm !== undefined ? { form: { key: formKey, version: resolvedForm } } : {}),
        ...(sla ? { sla } : {}),
      };
    }
    case 'exclusiveGateway':
      return { ...base, kind };
    case 'parallelGateway':
      return { ...base, kind };
  }
}

function linkFlows(nodes: Record<string, SopNode>, flows: Record<string, SequenceFlow>) {
  for (const flow of Object.values(flows)) {
    const source = nodes[flow.source];
    const target = nodes[flow.target];
    if (!source || !target) {
      // An unsupported endpoint is already reported; only report flows to elements that do not exist at all.
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
}

function validateStructure(nodes: Record<string, SopNode>, flows: Record<string, SequenceFlow>, problems: CompileProblem[]) {
  const starts = Object.values(nodes).filter((n) => n.kind === 'startEvent');
  if (starts.length !== 1) {
    problems.push({ elementId: starts[1]?.id ?? 'process', message: `expected exactly one start event, found ${starts.length}` });
    return;
  }
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'endEvent' && node.outgoing.length === 0) problems.push({ elementId: node.id, message: 'has no outgoing sequence flow' });
    if (node.kind !== 'startEvent' && node.incoming.length === 0) problems.push({ elementId: node.id, message: 'has no incoming sequence flow' });
    if ((node.kind === 'startEvent' || node.kind === 'userTask') && node.outgoing.length > 1) {
      problems.push({ elementId: node.id, message: 'has several outgoing flows; split with a parallel or exclusive gateway' });
    }
    if (node.kind === 'exclusiveGateway' && node.outgoing.length > 1) {
      for (const flowId of node.outgoing) {
        const flow = flows[flowId]!;
        if (flowId !== node.defaultFlow && !flow.condition)
          problems.push({ elementId: flowId, message: `flow leaving gateway ${node.id} needs a condition or must be the default flow` });
      }
    }
    if (node.kind !== 'exclusiveGateway') {
      for (const flowId of node.outgoing) {
        if (flows[flowId]!.condition) problems.push({ elementId: flowId, message: 'conditions are only evaluated on flows leaving an exclusive gateway' });
      }
    }
  }
  // Every node must be reachable from the start event.
  const seen = new Set<string>([starts[0]!.id]);
  const queue = [starts[0]!.id];
  while (queue.length) {
    const node = nodes[queue.shift()!]!;
    for (const flowId of node.outgoing) {
      const target = flows[flowId]!.target;
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  for (const id of Object.keys(nodes)) if (!seen.has(id)) problems.push({ elementId: id, message: 'is not reachable from the start event' });
}

/** Extension elements and attributes of other vendors (Camunda, Signavio…) are ignored, with a warning. */
function noteForeignExtensions(el: ModdleElement, warnings: CompileProblem[]) {
  const id = el.id ?? '(no id)';
  for (const attr of Object.keys(el.$attrs ?? {})) {
    if (!attr.startsWith('xmlns')) warnings.push({ elementId: id, message: `ignored foreign attribute ${attr}` });
  }
  const ext = el.extensionElements as ModdleElement | undefined;
  for (const value of (ext?.values as ModdleElement[] | undefined) ?? []) {
    warnings.push({ elementId: id, message: `ignored extension element ${value.$type}` });
  }
}
