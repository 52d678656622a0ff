import { canonicalJson } from '../../model';
import type { SopGraph } from '../../sop/graph';

export interface ElementChange {
  id: string;
  name: string | null;
  /** The BPMN element type as compiled (`userTask`, `exclusiveGateway` …), or `sequenceFlow`. */
  type: string;
  change: 'added' | 'removed' | 'changed';
}

/** What a node means, without the wiring lists (flows are compared on their own, so a new flow does not mark both ends changed). */
const WIRING = new Set(['incoming', 'outgoing', 'boundaries']);
function meaning(node: object): string {
  return canonicalJson(Object.fromEntries(Object.entries(node).filter(([k]) => !WIRING.has(k))));
}

/**
 * The elements an SOP version changes against the live one, by BPMN id: what the approver must
 * look at. Compares the compiled graphs, so moving shapes on the canvas changes nothing while a
 * new form version, assignee, timer or condition does. Sorted: added, changed, removed, then by id.
 */
export function elementChanges(live: SopGraph | null, proposed: SopGraph): ElementChange[] {
  const changes: ElementChange[] = [];
  const compare = (before: Record<string, object>, after: Record<string, object>, typeOf: (e: Record<string, unknown>) => string) => {
    const describe = (e: Record<string, unknown>, change: ElementChange['change']): ElementChange => ({
      id: String(e.id),
      name: typeof e.name === 'string' && e.name ? e.name : null,
      type: typeOf(e),
      change,
    });
    for (const [id, e] of Object.entries(after)) {
      const old = before[id];
      if (!old) changes.push(describe(e as Record<string, unknown>, 'added'));
      else if (meaning(old) !== meaning(e)) changes.push(describe(e as Record<string, unknown>, 'changed'));
    }
    for (const [id, e] of Object.entries(before)) if (!after[id]) changes.push(describe(e as Record<string, unknown>, 'removed'));
  };
  compare(live?.nodes ?? {}, proposed.nodes, (e) => String(e.kind));
  compare(live?.flows ?? {}, proposed.flows, () => 'sequenceFlow');
  const order = { added: 0, changed: 1, removed: 2 };
  return changes.sort((a, b) => order[a.change] - order[b.change] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Top-level fields of two rule bodies that differ (`before`/`after` undefined where absent), sorted by name. */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { field: string; before: unknown; after: unknown }[] {
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields.filter((f) => canonicalJson(b[f] ?? null) !== canonicalJson(a[f] ?? null)).map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}
