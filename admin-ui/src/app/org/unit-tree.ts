/** A unit as the API lists it (flat, with its parent). */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
}

export const UNIT_KINDS = ['city', 'ward', 'commune', 'team', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitNode extends Unit {
  children: UnitNode[];
}

/** A unit with its depth, in tree order: what an indented list or a `<select>` shows. */
export interface UnitRow extends Unit {
  depth: number;
  childCount: number;
}

/** Flat units → roots with nested children, siblings by name (Vietnamese order); a unit whose parent is unknown becomes a root. */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent && node.parent !== node.id ? nodes.get(node.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byName = (list: UnitNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    list.forEach((n) => byName(n.children));
  };
  byName(roots);
  return roots;
}

/** The tree depth-first, each unit with its depth. Units on a cycle (bad data) are listed once. */
export function unitRows(units: readonly Unit[]): UnitRow[] {
  const rows: UnitRow[] = [];
  const seen = new Set<string>();
  const walk = (nodes: UnitNode[], depth: number) => {
    for (const { children, ...unit } of nodes) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      rows.push({ ...unit, depth, childCount: children.length });
      walk(children, depth + 1);
    }
  };
  walk(buildUnitTree(units), 0);
  return rows;
}

/** `id` and every unit below it: the parents a unit may not move under. */
export function subtreeIds(units: readonly Unit[], id: string): Set<string> {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parent && result.has(u.parent) && !result.has(u.id)) {
        result.add(u.id);
        grew = true;
      }
    }
  }
  return result;
}

/** A slug for a new unit's id from its name: Vietnamese letters without marks, `đ` → `d`. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
