/**
 * What bench:ingest feeds the system: generated threshold rules, readings, and the same rules
 * written for one plain json-rules-engine Engine. Pure, so the shapes are unit-tested.
 */
import type { RuleProperties } from 'json-rules-engine';
import type { RuleDefinition } from '../../rules/rule-index';

/** One (source, metric) pair: what the rule index groups rules by. */
export interface Stream {
  source: string;
  metric: string;
}

/** A reading as `POST /api/events` takes it. */
export interface BenchReading {
  id: string;
  source: string;
  metric: string;
  value: number;
  unit: string;
  observedAt: string;
}

export const BENCH_METRIC = 'pm25';
export const BENCH_UNIT = 'µg/m³';
/** Readings stay in [VALUE_MIN, VALUE_MAX): inside the metric's valid range (0–1000), so none is suspect. */
export const VALUE_MIN = 10;
export const VALUE_MAX = 150;

/**
 * A one-level rule (warning at `value >= threshold`, no clear condition), so it compiles to exactly
 * one json-rules-engine rule both in our index and in a plain Engine. `notify` records transitions
 * and never reaches Temporal.
 */
export function thresholdRule(key: string, stream: Stream, threshold: number): RuleDefinition {
  return {
    key,
    name: `bench ${key}`,
    enabled: true,
    priority: 1,
    source: stream.source,
    metric: stream.metric,
    levels: [{ severity: 'warning', threshold: { op: '>=', value: threshold } }],
    correlationKey: `bench:{{source}}`,
    action: { type: 'notify' },
  };
}

/**
 * `total` rules: `perStream` on each of `streams` (thresholds from `threshold(i)`, i counting within
 * the stream), the rest each on a source of its own (`elsewhere-<n>`, same metric), so they share
 * nothing with the streams but the metric.
 */
export function benchRules(opts: { prefix: string; total: number; streams: Stream[]; perStream: number; threshold: (i: number) => number }): RuleDefinition[] {
  const onStreams = opts.streams.length * opts.perStream;
  if (onStreams > opts.total) throw new RangeError(`${onStreams} rules on the streams exceed the total of ${opts.total}`);
  const rules: RuleDefinition[] = [];
  opts.streams.forEach((stream, s) => {
    for (let i = 0; i < opts.perStream; i++) rules.push(thresholdRule(`${opts.prefix}-s${s}-${i}`, stream, opts.threshold(i)));
  });
  const metric = opts.streams[0]?.metric ?? BENCH_METRIC;
  for (let n = 0; rules.length < opts.total; n++) {
    rules.push(thresholdRule(`${opts.prefix}-other-${n}`, { source: `air-quality/elsewhere-${n}`, metric }, VALUE_MAX + (n % 100)));
  }
  return rules;
}

/**
 * `count` readings round-robin over `streams`, one second apart from `start`, with ids
 * `<idPrefix>-<i>` (fresh per phase, so no phase meets another's duplicates). Values sweep
 * [VALUE_MIN, VALUE_MAX) in a fixed pattern: the same run gives the same readings.
 */
export function benchReadings(opts: { idPrefix: string; count: number; streams: Stream[]; start: Date; firstIndex?: number }): BenchReading[] {
  const first = opts.firstIndex ?? 0;
  const span = VALUE_MAX - VALUE_MIN;
  return Array.from({ length: opts.count }, (_, k) => {
    const i = first + k;
    const stream = opts.streams[i % opts.streams.length]!;
    return {
      id: `${opts.idPrefix}-${i}`,
      source: stream.source,
      metric: stream.metric,
      value: VALUE_MIN + ((i * 37) % (span * 10)) / 10,
      unit: BENCH_UNIT,
      observedAt: new Date(opts.start.getTime() + i * 1000).toISOString(),
    };
  });
}

/** Splits `items` into consecutive batches of at most `size`. */
export function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

const OPS = { '>=': 'greaterThanInclusive', '>': 'greaterThan', '<=': 'lessThanInclusive', '<': 'lessThan' } as const;

/**
 * A generated rule as someone would write it for one json-rules-engine Engine holding every rule:
 * the source and metric become fact checks beside the threshold. Only the one-level threshold
 * shape of thresholdRule() is translated.
 */
export function plainEngineRule(rule: RuleDefinition): RuleProperties {
  const level = rule.levels?.length === 1 ? rule.levels[0] : undefined;
  if (!level?.threshold || level.conditions || rule.conditions || rule.clear || !rule.source)
    throw new RangeError(`rule ${rule.key}: only the one-level threshold shape of thresholdRule() is translated`);
  return {
    name: rule.key,
    priority: rule.priority,
    conditions: {
      all: [
        { fact: 'source', operator: 'equal', value: rule.source },
        { fact: 'metric', operator: 'equal', value: rule.metric },
        { fact: 'value', operator: OPS[level.threshold.op], value: level.threshold.value },
      ],
    },
    event: { type: 'matched', params: { ruleKey: rule.key, severity: level.severity } },
  };
}
