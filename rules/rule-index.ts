import { Engine, Fact, type Almanac, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { isoDurationToMs } from '../sop/duration';
import { renderDeep, renderTemplate as renderNestedTemplate } from '../platform/templates';
import { SEVERITY_RANK, type Severity, type Timing } from './alert-machine';
import { isSuppressed, type TimeRange } from './schedule';
import { WindowStore, aggregate, forecastExceeds, pointInPolygon, ratePerHour, type Aggregate, type GeoPolygon, type Sample } from './window';

export type { Severity } from './alert-machine';

/** A level's test: a json-rules-engine condition tree, or the shorthand threshold on `value`. */
export interface LevelTest {
  conditions?: TopLevelCondition;
  threshold?: { op: '>=' | '>' | '<=' | '<'; value: number };
}

export interface RuleLevel extends LevelTest {
  severity: Severity;
}

export interface RuleAction {
  /** `open-incident` signals the incident workflow; `notify` only records the transitions (no Temporal). */
  type: 'open-incident' | 'notify';
  /** Severity of a rule without `levels` (the original single-threshold shape). */
  severity?: Severity;
  /** Template over the event's facts (`flood:{{source}}`, `{{unit}}`); the rule's `correlationKey` wins. */
  correlationKey?: string;
  sopKey?: string;
  /** Template for the incident title; the rule's name when absent. */
  title?: string;
  /** Variables handed to the SOP: strings are templates over the facts (`{{value}}`, `{{unit}}`). */
  variables?: Record<string, unknown>;
}

export interface RuleDefinition {
  key: string;
  version?: number;
  name: string;
  enabled: boolean;
  priority: number;
  /** Index key: an exact source, or a source type (`type` of the stored event), plus the metric. */
  source?: string;
  sourceType?: string;
  metric: string;
  /** A condition every level also needs (e.g. `inArea`); for a rule without `levels`, the level condition itself. */
  conditions?: TopLevelCondition;
  /** Ordered by severity when compiled; the most severe level that holds is the observation's level. */
  levels?: RuleLevel[];
  /** ISO duration the condition must hold before firing (Grafana's "pending period"). `sustainedFor` is an alias. */
  pendingFor?: string;
  sustainedFor?: string;
  /** ISO duration the alert keeps firing after the condition stopped holding. */
  keepFiringFor?: string;
  /** Hysteresis: firing clears only once this holds for `for` (e.g. value < 2.3 for PT10M). */
  clear?: LevelTest & { for?: string };
  /** While firing at the same level, a new peak value is forwarded at most this often (default PT0.2S, DESIGN's 5 signals/s; `P0D` = never). */
  peakSignalEvery?: string;
  correlationKey?: string;
  action: RuleAction;
  /** Firing only inside these ranges (Asia/Ho_Chi_Minh); always when absent. */
  schedule?: TimeRange[];
  /** No firing or escalation inside these ranges. */
  maintenanceWindows?: TimeRange[];
  /** What a stream silent for `after` means (Grafana's no-data handling); absent = keep the last state. */
  noData?: NoDataPolicy;
}

/**
 * `alerting`: the silence holds at `severity` (default: the rule's lowest level), through the pending
 * period like a reading would; `normal`: nothing holds, so a firing alert recovers and clears;
 * `keep-last`: the last state stands. Checked by the evaluator's tick, at a resolution of about a minute.
 */
export interface NoDataPolicy {
  after: string;
  treatAs: 'alerting' | 'normal' | 'keep-last';
  severity?: Severity;
}

/** Shortest no-data period: the evaluator refreshes a stream's last-reading mark about once a minute. */
export const MIN_NO_DATA_MS = 2 * 60_000;

/** The facts a rule sees about one reading. */
export interface EventFacts {
  source: string;
  metric: string;
  value: unknown;
  /** The ward (org unit) the source belongs to. */
  unit?: string;
  type?: string;
  observedAt: string;
  location?: { lat: number; lon: number };
}

export interface RuleMatch {
  rule: RuleDefinition;
  timing: Timing;
  correlationKey: string;
  title: string;
  variables: Record<string, unknown>;
  matched?: Severity;
  clearMatched: boolean;
  suppressed: boolean;
}

/** Backward compatible alias: a match whose level holds. */
export type Firing = RuleMatch;

const PART = 'cityops.part';
const CTX = '__cityops';
const DEFAULT_PEAK_SIGNAL = 'PT0.2S';

interface EvalContext {
  windows: WindowStore;
  key: string;
  at: number;
}

export function ruleLevels(rule: RuleDefinition): RuleLevel[] {
  const levels = rule.levels?.length ? rule.levels : [{ severity: rule.action.severity ?? 'warning', ...(rule.conditions ? { conditions: rule.conditions } : {}) }];
  return [...levels].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

export function ruleTiming(rule: RuleDefinition): Timing {
  const ms = (d: string | undefined) => (d ? isoDurationToMs(d) : 0);
  return {
    pendingForMs: ms(rule.pendingFor ?? rule.sustainedFor),
    keepFiringForMs: ms(rule.keepFiringFor),
    hasClear: !!(rule.clear && (rule.clear.conditions || rule.clear.threshold)),
    clearForMs: ms(rule.clear?.for),
    peakSignalMs: ms(rule.peakSignalEvery ?? DEFAULT_PEAK_SIGNAL),
  };
}

const OPS = { '>=': 'greaterThanInclusive', '>': 'greaterThan', '<=': 'lessThanInclusive', '<': 'lessThan' } as const;

function testConditions(test: LevelTest): TopLevelCondition | undefined {
  const parts: TopLevelCondition[] = [];
  if (test.conditions) parts.push(test.conditions);
  if (test.threshold) parts.push({ all: [{ fact: 'value', operator: OPS[test.threshold.op], value: test.threshold.value }] });
  if (!parts.length) return undefined;
  return parts.length === 1 ? parts[0] : { all: parts };
}

function withShared(shared: TopLevelCondition | undefined, own: TopLevelCondition | undefined): TopLevelCondition {
  const parts = [shared, own].filter((c): c is TopLevelCondition => !!c);
  return parts.length === 1 ? parts[0]! : { all: parts };
}

/** Checks what compiling needs (durations, at least one test per level); throws a RangeError naming the problem. */
export function validateRule(rule: RuleDefinition): void {
  if (!rule.source && !rule.sourceType) throw new RangeError('a rule needs source or sourceType');
  ruleTiming(rule);
  if (rule.noData && isoDurationToMs(rule.noData.after) < MIN_NO_DATA_MS) throw new RangeError(`noData.after must be at least PT${MIN_NO_DATA_MS / 60_000}M`);
  for (const level of ruleLevels(rule)) {
    if (!testConditions(level) && !(rule.levels?.length ? undefined : rule.conditions)) throw new RangeError(`level ${level.severity} has neither conditions nor threshold`);
  }
  if (rule.action.type === 'open-incident' && !rule.action.sopKey) throw new RangeError('an open-incident action needs sopKey');
  if (!(rule.correlationKey ?? rule.action.correlationKey)) throw new RangeError('a rule needs a correlationKey template');
  new RuleIndex([{ ...rule, enabled: true }]); // json-rules-engine validates the condition trees
}

/** Facts computed over a stream's recent readings, each with `params.minutes` (10 when left out). */
const WINDOW_FACTS: ReadonlySet<string> = new Set(['avg', 'min', 'max', 'count', 'rateOfChange', 'window']);
const DEFAULT_WINDOW_MINUTES = 10;

/**
 * How far back a rule looks at its stream's readings, in ms: the longest `minutes` of any window
 * fact in its conditions (levels, shared, clear). 0 for a rule that reads only the reading itself
 * (a threshold): its streams need no window in memory and no warm-up from stored events.
 */
export function ruleLookbackMs(rule: RuleDefinition): number {
  let minutes = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const { fact, params } = node as { fact?: unknown; params?: { minutes?: unknown } };
    if (typeof fact === 'string' && WINDOW_FACTS.has(fact)) {
      const m = typeof params?.minutes === 'number' && params.minutes > 0 ? params.minutes : DEFAULT_WINDOW_MINUTES;
      minutes = Math.max(minutes, m);
    }
    Object.values(node).forEach(visit);
  };
  visit([rule.conditions, rule.levels?.map((l) => l.conditions), rule.clear?.conditions]);
  return minutes * 60_000;
}

/** Window facts and the operators CityOps adds to json-rules-engine. */
function createEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const samples = async (params: { minutes?: number }, almanac: Almanac): Promise<Sample[]> => {
    const ctx = await almanac.factValue<EvalContext>(CTX);
    return ctx.windows.last(ctx.key, (params.minutes ?? 10) * 60_000, ctx.at);
  };
  for (const fn of ['avg', 'min', 'max', 'count'] as Aggregate[]) {
    engine.addFact(fn, async (params: { minutes?: number }, almanac: Almanac) => aggregate(fn, await samples(params, almanac)));
  }
  engine.addFact('rateOfChange', async (params: { minutes?: number }, almanac: Almanac) => ratePerHour(await samples(params, almanac)));
  engine.addFact('window', samples);
  // {fact: 'location', operator: 'inArea', value: <GeoJSON Polygon>} or {fact: 'unit', operator: 'inArea', value: 'tan-phu' | [...]}.
  engine.addOperator('inArea', (fact: unknown, area: unknown) => {
    if (typeof fact === 'string') return Array.isArray(area) ? area.includes(fact) : fact === area;
    const p = fact as { lat?: unknown; lon?: unknown } | undefined;
    if (!p || typeof p.lat !== 'number' || typeof p.lon !== 'number' || !area || typeof area !== 'object') return false;
    return pointInPolygon({ lat: p.lat, lon: p.lon }, area as GeoPolygon);
  });
  // {fact: 'window', params: {minutes: 60}, operator: 'forecastExceeds', value: {threshold: 3, horizon: 'PT30M'}}.
  engine.addOperator('forecastExceeds', (fact: unknown, spec: unknown) => {
    const s = spec as { threshold: number; horizon: string; below?: boolean; alpha?: number; beta?: number };
    if (!Array.isArray(fact) || typeof s?.threshold !== 'number') return false;
    return forecastExceeds(fact as Sample[], s.threshold, isoDurationToMs(s.horizon), s);
  });
  return engine;
}

interface Group {
  engine: Engine;
  rules: Map<string, RuleDefinition>;
  /** The longest lookback of the group's rules (ruleLookbackMs). */
  lookbackMs: number;
}

/**
 * A reading's facts as json-rules-engine constants with caching off. The engine never reads the
 * cache of a constant fact, but by default computes its key — a hash — for every fact on every run
 * (about 7% of the API's CPU per ingested reading in bench:ingest profiles).
 */
function constantFacts(values: Record<string, unknown>): Record<string, Fact> {
  const facts: Record<string, Fact> = {};
  for (const [id, value] of Object.entries(values)) facts[id] = new Fact(id, value, { cache: false });
  return facts;
}

/**
 * Enabled rules grouped by (source, metric) and (sourceType, metric), one json-rules-engine Engine
 * per group, so an event is tested only against the rules written for it — the cost per event does
 * not grow with unrelated rules. Each rule adds one engine rule per level plus one for its clear condition.
 */
export class RuleIndex {
  private readonly groups = new Map<string, Group>();
  /** Per rule key, computed once: parsing the durations per reading showed up in ingest profiles. */
  private readonly timings = new Map<string, Timing>();
  readonly rules: RuleDefinition[] = [];
  private readonly byKey = new Map<string, RuleDefinition>();

  constructor(rules: RuleDefinition[]) {
    for (const rule of rules) {
      if (!rule.enabled) continue;
      this.rules.push(rule);
      this.byKey.set(rule.key, rule);
      this.timings.set(rule.key, ruleTiming(rule));
      const groupKey = rule.source ? RuleIndex.groupKey(rule.source, rule.metric) : RuleIndex.typeKey(rule.sourceType!, rule.metric);
      let group = this.groups.get(groupKey);
      if (!group) this.groups.set(groupKey, (group = { engine: createEngine(), rules: new Map(), lookbackMs: 0 }));
      group.lookbackMs = Math.max(group.lookbackMs, ruleLookbackMs(rule));
      const levels = ruleLevels(rule);
      const shared = rule.levels?.length ? rule.conditions : undefined;
      levels.forEach((level, i) => {
        const own = testConditions(level) ?? (rule.levels?.length ? undefined : rule.conditions);
        const props: RuleProperties = {
          name: `${rule.key}#${i}`,
          priority: rule.priority,
          conditions: withShared(shared, own),
          event: { type: PART, params: { ruleKey: rule.key, severity: level.severity } },
        };
        group.engine.addRule(props);
      });
      const clear = rule.clear && testConditions(rule.clear);
      if (clear) group.engine.addRule({ name: `${rule.key}#clear`, priority: rule.priority, conditions: clear, event: { type: PART, params: { ruleKey: rule.key, clear: true } } });
      group.rules.set(rule.key, rule);
    }
  }

  static groupKey(source: string, metric: string): string {
    return `s\u0000${source}\u0000${metric}`;
  }

  static typeKey(type: string, metric: string): string {
    return `t\u0000${type}\u0000${metric}`;
  }

  get size(): number {
    return this.rules.length;
  }

  /** Whether any enabled rule looks at this event (events no rule reads are not windowed). */
  covers(facts: Pick<EventFacts, 'source' | 'metric' | 'type'>): boolean {
    return this.groups.has(RuleIndex.groupKey(facts.source, facts.metric)) || (!!facts.type && this.groups.has(RuleIndex.typeKey(facts.type, facts.metric)));
  }

  /**
   * How much of this stream's recent readings its rules look at (ms; 0: none). The evaluator keeps
   * that much in memory per stream, and warms only that much from stored events.
   */
  lookbackMs(facts: Pick<EventFacts, 'source' | 'metric' | 'type'>): number {
    const own = this.groups.get(RuleIndex.groupKey(facts.source, facts.metric))?.lookbackMs ?? 0;
    const byType = facts.type ? (this.groups.get(RuleIndex.typeKey(facts.type, facts.metric))?.lookbackMs ?? 0) : 0;
    return Math.max(own, byType);
  }

  /** The lookback of one group: rules on `source` (or, without one, on `sourceType`) and `metric`. */
  groupLookbackMs(group: { source?: string; sourceType?: string; metric: string }): number {
    const key = group.source ? RuleIndex.groupKey(group.source, group.metric) : RuleIndex.typeKey(group.sourceType!, group.metric);
    return this.groups.get(key)?.lookbackMs ?? 0;
  }

  /**
   * Every rule of the event's groups with the level that holds (if any) and whether its clear
   * condition holds: the state machine needs non-matching readings too, to clear.
   */
  async evaluate(facts: EventFacts, windows = new WindowStore()): Promise<RuleMatch[]> {
    const groups = [this.groups.get(RuleIndex.groupKey(facts.source, facts.metric)), facts.type ? this.groups.get(RuleIndex.typeKey(facts.type, facts.metric)) : undefined].filter(
      (g): g is Group => !!g,
    );
    const at = Date.parse(facts.observedAt);
    const matches: RuleMatch[] = [];
    for (const group of groups) {
      const ctx: EvalContext = { windows, key: WindowStore.key(facts.source, facts.metric), at };
      const { events } = await group.engine.run(constantFacts({ ...facts, sourceType: facts.type, [CTX]: ctx }));
      const hits = new Map<string, { matched?: Severity; clear: boolean }>();
      for (const e of events) {
        const key = String(e.params?.ruleKey);
        const hit = hits.get(key) ?? { clear: false };
        if (e.params?.clear) hit.clear = true;
        else if (!hit.matched || SEVERITY_RANK[e.params?.severity as Severity] > SEVERITY_RANK[hit.matched]) hit.matched = e.params?.severity as Severity;
        hits.set(key, hit);
      }
      for (const rule of group.rules.values()) {
        const hit = hits.get(rule.key);
        matches.push({ ...describeMatch(rule, facts, at, this.timings.get(rule.key)), ...(hit?.matched ? { matched: hit.matched } : {}), clearMatched: !!hit?.clear });
      }
    }
    return matches;
  }

  /** The enabled rule with this key. */
  rule(key: string): RuleDefinition | undefined {
    return this.byKey.get(key);
  }
}

/** A rule's correlation key, title, variables and suppression for these facts, with no level decided yet. */
export function describeMatch(rule: RuleDefinition, facts: EventFacts, at: number, timing: Timing = ruleTiming(rule)): RuleMatch {
  const templateFacts = { ...facts, sourceType: facts.type };
  return {
    rule,
    timing,
    correlationKey: renderTemplate(rule.correlationKey ?? rule.action.correlationKey ?? rule.key, templateFacts),
    title: renderTemplate(rule.action.title ?? rule.name, templateFacts),
    variables: (renderDeep(rule.action.variables ?? {}, templateFacts) ?? {}) as Record<string, unknown>,
    clearMatched: false,
    suppressed: isSuppressed(at, rule.schedule, rule.maintenanceWindows),
  };
}

/** Replaces `{{fact}}` placeholders with the event's values (unknown names stay visible, so mistakes show). */
export function renderTemplate(template: string, facts: object): string {
  return renderNestedTemplate(template, facts);
}
