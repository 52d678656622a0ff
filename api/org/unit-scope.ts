import { Unit } from '../../model';

/**
 * The org tree in memory (a city has tens of units, not thousands), used to turn a user's unit
 * into the set of units they may see: their own and everything below it.
 */
export class UnitScope {
  private children = new Map<string, string[]>();
  private loadedAt = 0;

  constructor(private readonly maxAgeMs = 10_000) {}

  async subtree(unitId: string): Promise<string[]> {
    if (Date.now() - this.loadedAt > this.maxAgeMs) await this.reload();
    const result: string[] = [];
    const queue = [unitId];
    while (queue.length) {
      const id = queue.shift()!;
      if (result.includes(id)) continue;
      result.push(id);
      queue.push(...(this.children.get(id) ?? []));
    }
    return result;
  }

  /** Forget the cached tree so the next lookup reads it again (called after every unit change in this process). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  async reload(): Promise<void> {
    const units = await Unit.find({}, { parent: 1 }).lean();
    const children = new Map<string, string[]>();
    for (const u of units) {
      if (!u.parent) continue;
      children.set(u.parent, [...(children.get(u.parent) ?? []), u._id]);
    }
    this.children = children;
    this.loadedAt = Date.now();
  }
}
