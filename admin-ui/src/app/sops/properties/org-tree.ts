/** A unit as the pickers list it: in tree order, indented by depth. */
export interface UnitOption {
  id: string;
  name: string;
  depth: number;
}

/**
 * The org units in tree order (each parent before its children, siblings by name), for the assignee
 * and escalation pickers. Units whose parent is missing are listed as roots; a cycle cannot loop.
 */
export function unitTree(units: readonly { id: string; name: string; parent: string | null }[]): UnitOption[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, typeof units>();
  for (const u of units) {
    const parent = u.parent && ids.has(u.parent) ? u.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitOption[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ id: u.id, name: u.name, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
