import { RULES_META_ID, Rule, RulesMeta, fromStoredRule } from '../model';
import { RuleIndex, type RuleDefinition } from './rule-index';

/** A stored rule document as the engine reads it. */
export function toDefinition(stored: Record<string, unknown>): RuleDefinition {
  const d = fromStoredRule(stored);
  const def: Record<string, unknown> = { key: d._id ?? d.key, enabled: d.enabled ?? true, priority: d.priority ?? 1 };
  for (const f of [
    'name',
    'version',
    'source',
    'sourceType',
    'metric',
    'conditions',
    'levels',
    'pendingFor',
    'sustainedFor',
    'keepFiringFor',
    'clear',
    'peakSignalEvery',
    'correlationKey',
    'action',
    'schedule',
    'maintenanceWindows',
    'noData',
  ]) {
    if (d[f] !== undefined && d[f] !== null) def[f] = d[f];
  }
  return def as unknown as RuleDefinition;
}

/**
 * Keeps a compiled RuleIndex in memory and rebuilds it when rules change. Every `pollMs` it reads
 * the rules counter document by exact `_id` (cheap on FerretDB) and reloads only when the counter
 * moved, so an edit in any process takes effect in every process within a poll, without restart.
 */
export class RuleStore {
  private index: RuleIndex | undefined;
  private counter = -1;
  private checkedAt = 0;

  constructor(private readonly pollMs = 3000) {}

  async current(): Promise<RuleIndex> {
    if (!this.index || Date.now() - this.checkedAt > this.pollMs) {
      const meta = await RulesMeta.findById(RULES_META_ID).lean();
      const counter = meta?.counter ?? 0;
      this.checkedAt = Date.now();
      if (!this.index || counter !== this.counter) await this.reload(counter);
    }
    return this.index!;
  }

  /** Call after writing a rule in this process: the next evaluation checks the counter. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async reload(counter: number): Promise<void> {
    const docs = await Rule.find({}).lean();
    this.index = new RuleIndex(docs.map((d) => toDefinition(d as unknown as Record<string, unknown>)));
    this.counter = counter;
  }
}
