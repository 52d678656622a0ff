import type { ModdleElement } from 'bpmn-moddle';
import { type CompileContext, children, child, idOf, isElement, shortType } from './context';

/** Where each CityOps extension element may appear. */
const EXTENSION_HOSTS: Record<string, string[]> = {
  'cityops:Param': ['bpmn:ServiceTask', 'bpmn:SendTask'],
  'cityops:Escalation': ['bpmn:UserTask'],
  'cityops:Input': ['bpmn:CallActivity'],
  'cityops:Output': ['bpmn:CallActivity'],
};

/** Attributes every XML document may carry. */
function isXmlAttribute(name: string): boolean {
  return name.startsWith('xmlns') || name.startsWith('xsi:') || name.startsWith('xml:');
}

interface Descriptor {
  properties?: { name: string; isReference?: boolean; isAttr?: boolean }[];
}

/**
 * Walks the semantic model (not the diagram) and reports, per element:
 * - foreign extension elements and attributes (Camunda, Zeebe, Signavio…) as one warning;
 * - CityOps attributes or extension elements where they have no meaning as problems, since a
 *   misplaced SLA or parameter silently ignored would be worse than a refused deploy.
 */
export function checkExtensions(ctx: CompileContext, definitions: ModdleElement): void {
  const seen = new Set<ModdleElement>();
  const visit = (el: ModdleElement, ownerId: string) => {
    if (seen.has(el)) return;
    seen.add(el);
    const id = idOf(el) ?? ownerId;
    const foreign: string[] = [];
    const attrs = el.$attrs && typeof el.$attrs === 'object' ? Object.keys(el.$attrs) : [];
    for (const attr of attrs) {
      if (isXmlAttribute(attr)) continue;
      if (attr.startsWith('cityops:')) ctx.problem(id, `${attr} does not apply to a ${shortType(el)}`);
      else foreign.push(`attribute ${attr}`);
    }
    for (const ext of children(child(el, 'extensionElements'), 'values')) {
      if (ext.$type.startsWith('cityops:')) {
        const hosts = EXTENSION_HOSTS[ext.$type];
        if (hosts && !hosts.includes(el.$type)) ctx.problem(id, `<${ext.$type.replace(/:(.)/, (_m, c: string) => `:${c.toLowerCase()}`)}> does not apply to a ${shortType(el)}`);
      } else {
        foreign.push(`extension element ${ext.$type}`);
      }
    }
    if (foreign.length) ctx.warn(id, `ignored foreign ${foreign.join(', ')}`);

    const descriptor = (el as { $descriptor?: Descriptor }).$descriptor;
    for (const prop of descriptor?.properties ?? []) {
      if (prop.isReference || prop.name === 'extensionElements' || prop.name === 'diagrams') continue;
      const value: unknown = el[prop.name];
      for (const item of Array.isArray(value) ? value : [value]) if (isElement(item)) visit(item, id);
    }
  };
  visit(definitions, 'definitions');
}
