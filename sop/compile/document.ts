import { BpmnModdle, type ModdleElement, type ParseWarning } from 'bpmn-moddle';
import cityopsDescriptor from '../cityops-moddle.json';
import { BPMN_URI, CITYOPS_URI, type CompileContext, children, idOf, str } from './context';

export const DEFINITIONS = 'definitions';

/** Parses the XML; every reading failure becomes a problem on `definitions`. */
export async function parseDefinitions(ctx: CompileContext, xml: unknown): Promise<ModdleElement | undefined> {
  if (typeof xml !== 'string' || xml.trim() === '') {
    ctx.problem(DEFINITIONS, 'the BPMN document is empty');
    return undefined;
  }
  let parsed;
  try {
    parsed = await BpmnModdle({ cityops: cityopsDescriptor }).fromXML(xml);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    ctx.problem(DEFINITIONS, `not a well-formed BPMN 2.0 document: ${reason}`);
    return undefined;
  }
  const root = parsed.rootElement;
  if (root?.$type !== 'bpmn:Definitions') {
    ctx.problem(DEFINITIONS, 'not a BPMN 2.0 document (expected <bpmn:definitions>)');
    return undefined;
  }
  const namespaces = namespacesOf(root);
  for (const warning of parsed.warnings ?? []) parseWarning(ctx, xml, warning, namespaces);
  return root;
}

function namespacesOf(root: ModdleElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const [attr, uri] of Object.entries(root.$attrs ?? {})) if (attr.startsWith('xmlns:')) map.set(attr.slice(6), uri);
  return map;
}

/**
 * Parse warnings in the BPMN or CityOps namespace are problems (broken references, duplicate ids,
 * unknown elements); content of other vendors' namespaces that could not be read is only a warning.
 */
function parseWarning(ctx: CompileContext, xml: string, warning: ParseWarning, namespaces: Map<string, string>): void {
  const message = String(warning?.message ?? 'unreadable content');
  const first = message.split('\n')[0]!;
  const unresolved = /^unresolved reference <(.*)>/.exec(first);
  if (unresolved) {
    const property = String((warning as { property?: string }).property ?? 'a reference').replace(/^bpmn:/, '');
    ctx.problem(idOf(warning.element) ?? DEFINITIONS, `${property} refers to ${unresolved[1]}, which does not exist`);
    return;
  }
  // Misplaced CityOps attributes are reported per element by checkExtensions.
  if (first.startsWith('unknown attribute <')) return;
  const duplicate = /duplicate ID <([^>]*)>/.exec(message);
  if (duplicate) {
    ctx.problem(duplicate[1]!, 'this id is used by several elements; ids must be unique');
    return;
  }
  const tag = /^unparsable content <([^\s/>]+)/.exec(first)?.[1];
  const prefix = tag?.includes(':') ? tag.slice(0, tag.indexOf(':')) : undefined;
  const uri = prefix !== undefined ? namespaces.get(prefix) : BPMN_URI;
  const nested = /nested error: (.*)/.exec(message)?.[1] ?? first;
  const at = elementIdNear(xml, message) ?? DEFINITIONS;
  if (uri === BPMN_URI || uri === CITYOPS_URI) ctx.problem(at, `cannot read <${tag ?? '?'}>: ${nested}`);
  else ctx.warn(at, `ignored unreadable foreign content <${tag ?? '?'}>: ${nested}`);
}

/** The id of the element a parse warning points at (its own id, else the closest one before it). */
function elementIdNear(xml: string, message: string): string | undefined {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  if (!line || !column) return undefined;
  const lines = xml.split(/\r?\n/);
  let offset = 0;
  for (let i = 0; i < Number(line[1]) && i < lines.length; i++) offset += lines[i]!.length + 1;
  offset += Number(column[1]);
  const tagEnd = xml.indexOf('>', offset);
  const own = /\sid="([^"]+)"/.exec(xml.slice(offset, tagEnd < 0 ? undefined : tagEnd));
  if (own) return own[1];
  const before = [...xml.slice(0, offset).matchAll(/\sid="([^"]+)"/g)];
  return before.at(-1)?.[1];
}

/** The one executable process of the document (of a collaboration's pools, the executable one). */
export function selectProcess(ctx: CompileContext, definitions: ModdleElement): { process: ModdleElement; name: string } | undefined {
  const roots = children(definitions, 'rootElements');
  const processes = roots.filter((e) => e.$type === 'bpmn:Process');
  if (processes.length === 0) {
    ctx.problem(idOf(definitions) ?? DEFINITIONS, 'the document contains no process; draw the SOP as a BPMN process');
    return undefined;
  }
  let executable = processes.filter((p) => p.isExecutable !== false);
  if (executable.length === 0) {
    if (processes.length > 1) {
      ctx.problem(idOf(definitions) ?? DEFINITIONS, `none of the ${processes.length} processes is executable; mark the SOP's process isExecutable="true"`);
      return undefined;
    }
    ctx.warn(idOf(processes[0]) ?? DEFINITIONS, 'the process is not marked executable; compiled anyway');
    executable = processes;
  }
  if (executable.length > 1) {
    for (const p of executable) {
      ctx.problem(
        idOf(p) ?? DEFINITIONS,
        `one of ${executable.length} executable processes; an SOP is one process — mark the others isExecutable="false" or deploy them as separate SOPs and use a call activity`,
      );
    }
    return undefined;
  }
  const process = executable[0]!;
  const participant = roots
    .filter((e) => e.$type === 'bpmn:Collaboration')
    .flatMap((c) => children(c, 'participants'))
    .find((p) => p.processRef === process);
  return { process, name: str(process, 'name') ?? str(participant, 'name') ?? idOf(process) ?? 'SOP' };
}
