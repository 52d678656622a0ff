/**
 * In-process halves of bench:ingest: what evaluating one reading costs with our RuleIndex as the
 * rule count grows (b), and with every rule in one plain json-rules-engine Engine (c).
 */
import { performance } from 'node:perf_hooks';
import { Engine } from 'json-rules-engine';
import { observe, type EvaluableEvent } from '../../rules/evaluation';
import { RuleIndex, type RuleDefinition } from '../../rules/rule-index';
import { WindowStore } from '../../rules/window';
import { Progress } from '../support/progress';
import { benchReadings, benchRules, plainEngineRule, type BenchReading, type Stream } from './workload';

export interface CostResult {
  rules: number;
  /** Readings timed (all rounds). */
  events: number;
  /**
   * CPU time of this process per reading, median over the rounds: what the verdicts use, because
   * on a shared machine wall-clock time also counts whoever else had the CPU.
   */
  usPerEvent: number;
  /** Wall-clock time per reading, median over the rounds. */
  wallUsPerEvent: number;
  roundsUsPerEvent: number[];
}

/** Wall-clock and CPU (user + system, all threads of this process) milliseconds of one timed stretch. */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(work: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** The stream both in-process phases read; its rules are the ones that match an event's source and metric. */
export const HOT_STREAM: Stream = { source: 'air-quality/bench-hot', metric: 'pm25' };
const HOT_RULES = 10;
const START = new Date('2026-11-25T00:00:00Z');

/** `total` rules of which exactly 10 read HOT_STREAM, with thresholds 50, 60 … 140 so some levels hold and some do not. */
export function hotRules(total: number): RuleDefinition[] {
  return benchRules({ prefix: 'cost', total, streams: [HOT_STREAM], perStream: HOT_RULES, threshold: (i) => 50 + 10 * i });
}

export function hotReadings(count: number): BenchReading[] {
  return benchReadings({ idPrefix: 'cost', count, streams: [HOT_STREAM], start: START });
}

/** As the evaluator receives a stored reading. */
function evaluable(r: BenchReading): EvaluableEvent {
  return { _id: `${r.source}|${r.id}`, source: r.source, metric: r.metric, value: r.value, observedAt: new Date(r.observedAt), sourceType: 'air-quality', orgUnit: 'tan-phu' };
}

/** The facts RuleIndex.evaluate builds from a reading, for the plain engine. */
function facts(r: BenchReading) {
  return { source: r.source, metric: r.metric, value: r.value, observedAt: r.observedAt, unit: 'tan-phu', type: 'air-quality' };
}

/**
 * µs per reading through `observe` (windowing + every rule of the reading's group), as the live
 * evaluator runs it, for each rule set over the same readings. Rounds alternate between the sets,
 * so drift (GC, CPU frequency, a neighbour) falls on all of them alike; each round starts with fresh
 * windows; one untimed round per set lets the JIT settle first. Median of the rounds.
 */
export async function indexCosts(label: string, ruleSets: RuleDefinition[][], readings: BenchReading[], rounds: number): Promise<CostResult[]> {
  const indexes = ruleSets.map((rules) => new RuleIndex(rules));
  const events = readings.map(evaluable);
  for (const index of indexes) await timeRound(events, index);
  const perRound: Timing[][] = indexes.map(() => []);
  const progress = new Progress(label, events.length * rounds * indexes.length);
  let before = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [k, index] of indexes.entries()) {
      perRound[k]!.push(await timeRound(events, index, (done) => progress.update(before + done)));
      before += events.length;
    }
  }
  progress.finish();
  return indexes.map((index, k) => costOf(index.size, events.length, perRound[k]!));
}

function costOf(rules: number, eventsPerRound: number, rounds: Timing[]): CostResult {
  const cpuUs = rounds.map((t) => (t.cpuMs * 1000) / eventsPerRound);
  return {
    rules,
    events: eventsPerRound * rounds.length,
    usPerEvent: median(cpuUs),
    wallUsPerEvent: median(rounds.map((t) => (t.wallMs * 1000) / eventsPerRound)),
    roundsUsPerEvent: cpuUs,
  };
}

async function timeRound(events: EvaluableEvent[], index: RuleIndex, onProgress?: (done: number) => void): Promise<Timing> {
  const windows = new WindowStore();
  const timing = await timed(async () => {
    for (let i = 0; i < events.length; i++) {
      await observe(index, windows, events[i]!);
      if (onProgress && i % 500 === 499) onProgress(i + 1);
    }
  });
  onProgress?.(events.length);
  return timing;
}

/** µs per reading with every rule in one Engine, each testing source and metric as facts. One round: it is slow by construction. */
export async function plainEngineCost(label: string, rules: RuleDefinition[], readings: BenchReading[]): Promise<CostResult> {
  const engine = plainEngine(rules);
  const progress = new Progress(label, readings.length);
  await engine.run(facts(readings[0]!)); // first run outside the timing
  const timing = await timed(async () => {
    for (let i = 0; i < readings.length; i++) {
      await engine.run(facts(readings[i]!));
      progress.update(i + 1);
    }
  });
  progress.finish();
  return costOf(rules.length, readings.length, [timing]);
}

function plainEngine(rules: RuleDefinition[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of rules) engine.addRule(plainEngineRule(rule));
  return engine;
}

/**
 * Both ways must find the same rules matching, or the comparison means nothing: checks a sample of
 * readings and throws on the first disagreement.
 */
export async function checkSameMatches(rules: RuleDefinition[], readings: BenchReading[]): Promise<number> {
  const index = new RuleIndex(rules);
  const engine = plainEngine(rules);
  for (const r of readings) {
    const ours = (await index.evaluate(facts(r)))
      .filter((m) => m.matched)
      .map((m) => m.rule.key)
      .sort();
    const { events } = await engine.run(facts(r));
    const plain = events.map((e) => String(e.params?.ruleKey)).sort();
    if (ours.join() !== plain.join()) throw new Error(`reading ${r.id} (${r.value}): RuleIndex matched [${ours.join(', ')}], the plain engine [${plain.join(', ')}]`);
  }
  return readings.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
