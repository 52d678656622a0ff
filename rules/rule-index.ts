import { Engine, type RuleProperties } from 'json-rules-engine';
import { renderTemplate as renderNestedTemplate } from '../platform/templates';

export type Severity = 'info' | 'warning' | 'critical';

export interface RuleDefinition {
  key: string;
  name: string;
  enabled: boolean;
  priority: number;
  source: string;
  metric: string;
  /** json-rules-engine condition tree (`all` / `any` / `not`) over the event's facts. */
  conditions: RuleProperties['conditions'];
  action: { type: 'open-incident'; severity: Severity; correlationKey: string; sopKey: string; title?: string };
}

/** The facts a rule sees about one reading. */
export interface EventFacts {
  source: string;
  metric: string;
  value: unknown;
  unit?: string;
  observedAt: string;
}

export interface Firing {
  rule: RuleDefinition;
  correlationKey: string;
  title: string;
}

const FIRE = 'cityops.fire';

/**
 * Enabled rules grouped by (source, metric), one json-rules-engine Engine per group, so an event
 * is tested only against the rules written for its source and metric — the cost per event does not
 * grow with unrelated rules.
 */
export class RuleIndex {
  private readonly engines = new Map<string, { engine: Engine; rules: Map<string, RuleDefinition> }>();

  constructor(rules: RuleDefinition[]) {
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const groupKey = RuleIndex.groupKey(rule.source, rule.metric);
      let group = this.engines.get(groupKey);
      if (!group) {
        group = { engine: new Engine([], { allowUndefinedFacts: true }), rules: new Map() };
        this.engines.set(groupKey, group);
      }
      group.engine.addRule({ name: rule.key, priority: rule.priority, conditions: rule.conditions, event: { type: FIRE, params: { ruleKey: rule.key } } });
      group.rules.set(rule.key, rule);
    }
  }

  static groupKey(source: string, metric: string): string {
    return `${source}\u0000${metric}`;
  }

  get size(): number {
    let n = 0;
    for (const g of this.engines.values()) n += g.rules.size;
    return n;
  }

  async evaluate(facts: EventFacts): Promise<Firing[]> {
    const group = this.engines.get(RuleIndex.groupKey(facts.source, facts.metric));
    if (!group) return [];
    const { events } = await group.engine.run({ ...facts });
    const firings: Firing[] = [];
    for (const e of events) {
      const rule = group.rules.get(String(e.params?.ruleKey));
      if (!rule) continue;
      firings.push({
        rule,
        correlationKey: renderTemplate(rule.action.correlationKey, facts),
        title: renderTemplate(rule.action.title ?? rule.name, facts),
      });
    }
    return firings;
  }
}

/** Replaces `{{fact}}` placeholders with the event's values (unknown names stay visible, so mistakes show). */
export function renderTemplate(template: string, facts: EventFacts): string {
  return renderNestedTemplate(template, facts);
}
