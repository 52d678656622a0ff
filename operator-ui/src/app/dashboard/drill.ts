import type { Drill } from './dashboard-filters';
import type { MetricsIncident, UnitOption } from './metrics-types';

/** A unit and every unit below it (the API's unit filter means the same subtree). */
export function unitSubtree(units: readonly UnitOption[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    if (out.has(next)) continue;
    out.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

/** The incidents a drill-down narrows the table to (an empty ward or unit value means "none"). */
export function applyDrill(items: readonly MetricsIncident[], drill: Drill | null, units: readonly UnitOption[]): readonly MetricsIncident[] {
  if (!drill) return items;
  switch (drill.kind) {
    case 'ward':
      return items.filter((i) => (i.ward ?? '') === drill.value);
    case 'unit': {
      if (!drill.value) return items.filter((i) => !i.unit);
      const within = unitSubtree(units, drill.value);
      return items.filter((i) => !!i.unit && within.has(i.unit));
    }
    case 'sop':
      return items.filter((i) => i.sopKey === drill.value);
    case 'ids': {
      const ids = new Set(drill.value.split(','));
      return items.filter((i) => ids.has(i.id));
    }
  }
}
