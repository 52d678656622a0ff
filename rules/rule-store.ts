import { Rule } from '../model';
import { RuleIndex, type RuleDefinition } from './rule-index';

/**
 * Keeps a compiled RuleIndex in memory and rebuilds it when rules change. Every process polls
 * for changes (cheap: the rules collection is small), so an edit takes effect everywhere without restart.
 */
export class RuleStore {
  private index: RuleIndex | undefined;
  private loadedAt = 0;

  constructor(private readonly maxAgeMs = 5000) {}

  async current(): Promise<RuleIndex> {
    if (!this.index || Date.now() - this.loadedAt > this.maxAgeMs) await this.reload();
    return this.index!;
  }

  /** Call after writing a rule in this process. */
  invalidate(): void {
    this.loadedAt = 0;
  }

  async reload(): Promise<void> {
    const docs = await Rule.find({}).lean();
    const rules: RuleDefinition[] = docs.map((d) => ({
      key: d._id,
      name: d.name,
      enabled: d.enabled ?? true,
      priority: d.priority ?? 1,
      source: d.source,
      metric: d.metric,
      conditions: d.conditions as RuleDefinition['conditions'],
      action: d.action as RuleDefinition['action'],
    }));
    this.index = new RuleIndex(rules);
    this.loadedAt = Date.now();
  }
}
