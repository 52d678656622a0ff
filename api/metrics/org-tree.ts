/** The unit fields the metrics need. */
export interface OrgUnit {
  _id: string;
  name: string;
  kind: string;
  parent?: string | null;
}

/**
 * The org tree in memory (tens of units): names, and the ward or commune an incident belongs to.
 * An incident's unit may be a team; its ward is then the nearest ward/commune above it. Units
 * outside any ward (the city, the IOC, a city department) have none.
 */
export class OrgTree {
  private readonly byId: Map<string, OrgUnit>;

  constructor(units: readonly OrgUnit[]) {
    this.byId = new Map(units.map((u) => [u._id, u]));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The top of the tree (the city): filtering by it means "everything", city-wide incidents included. */
  isRoot(id: string): boolean {
    const unit = this.byId.get(id);
    return !!unit && !unit.parent;
  }

  name(id: string | null | undefined): string | null {
    return id ? (this.byId.get(id)?.name ?? null) : null;
  }

  wardOf(unitId: string | null | undefined): string | null {
    const seen = new Set<string>();
    let id = unitId ?? undefined;
    while (id && !seen.has(id)) {
      seen.add(id); // a parent cycle in bad data must not hang the request
      const unit = this.byId.get(id);
      if (!unit) return null;
      if (unit.kind === 'ward' || unit.kind === 'commune') return unit._id;
      id = unit.parent ?? undefined;
    }
    return null;
  }

  /**
   * The wards and communes a view filtered to `unitId` can show: all of them without a filter, else
   * those in its subtree, or the ward it lies in (a team inside a ward).
   */
  wardsWithin(unitId?: string): string[] {
    const wards = [...this.byId.values()].filter((u) => u.kind === 'ward' || u.kind === 'commune').map((u) => u._id);
    if (!unitId) return wards;
    const inside = new Set(this.subtree(unitId));
    const own = this.wardOf(unitId);
    return wards.filter((w) => inside.has(w) || w === own);
  }

  /** `unitId` and every unit below it. */
  subtree(unitId: string): string[] {
    const children = new Map<string, string[]>();
    for (const u of this.byId.values()) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u._id]);
    const result: string[] = [];
    const queue = [unitId];
    while (queue.length) {
      const id = queue.shift()!;
      if (result.includes(id)) continue;
      result.push(id);
      queue.push(...(children.get(id) ?? []));
    }
    return result;
  }
}
