import { createHash } from 'node:crypto';
import { GRAPH_FORMAT, type SopGraph } from './graph';
import { SopCompileError, type CompileProblem } from './errors';
import { CompileContext, type CompileOptions, idOf } from './compile/context';
import { DEFINITIONS, parseDefinitions, selectProcess } from './compile/document';
import { checkExtensions } from './compile/foreign';
import { type ScopeOutput, compileScope } from './compile/scope';
import { linkAndValidate } from './compile/structure';

export type { CompileOptions } from './compile/context';

export interface CompiledSop {
  graph: SopGraph;
  graphHash: string;
  /** Non-fatal notes, e.g. foreign extension elements that were ignored. */
  warnings: CompileProblem[];
}

/**
 * Compiles BPMN 2.0 XML into the executable graph (format 2). Runs at deploy time, never in workflow code.
 * Collects every problem before failing so the admin can fix them all at once.
 * @throws SopCompileError with every problem found
 */
export async function compileSop(bpmnXml: string, options: CompileOptions): Promise<CompiledSop> {
  const ctx = new CompileContext(options);
  let graph: SopGraph | undefined;
  try {
    graph = await compile(ctx, bpmnXml);
  } catch (err) {
    // Last resort: a document shape nobody foresaw must still answer with a named problem, not a 500.
    ctx.problem(DEFINITIONS, `internal compiler error, please report it with the BPMN file: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (ctx.problems.length || !graph) throw new SopCompileError(ctx.problems);
  return { graph, graphHash: hashGraph(graph), warnings: ctx.warnings };
}

async function compile(ctx: CompileContext, xml: string): Promise<SopGraph | undefined> {
  const definitions = await parseDefinitions(ctx, xml);
  if (!definitions) return undefined;
  checkExtensions(ctx, definitions);
  const selected = selectProcess(ctx, definitions);
  if (!selected) return undefined;
  const processId = idOf(selected.process) ?? 'process';

  const out: ScopeOutput = { nodes: {}, flows: {}, flowScope: new Map(), scopes: [], rejected: new Set() };
  compileScope(ctx, selected.process, undefined, out);
  const starts = linkAndValidate(ctx, out, processId);
  for (const node of Object.values(out.nodes)) {
    if (node.kind === 'subProcess') node.startNodeId = starts.get(node.id) ?? '';
  }
  const startNodeId = starts.get(undefined);
  if (ctx.problems.length || !startNodeId) return undefined;
  return { format: GRAPH_FORMAT, processId, name: selected.name, startNodeId, nodes: out.nodes, flows: out.flows };
}

/** Stable JSON (object keys sorted) so the hash depends on the graph's content only. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashGraph(graph: SopGraph): string {
  return createHash('sha256').update(stableJson(graph)).digest('hex').slice(0, 16);
}
