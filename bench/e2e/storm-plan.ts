/**
 * The storm bench:e2e sends, as a pure schedule: readings ramp linearly from 0 to `peakPerSecond`
 * over `rampSeconds`, hold there for `holdSeconds`, round-robin over `sources`. During the hold,
 * sources turn "hot" one after another, `incidentsPerSecond` of them a second: from then on their
 * readings sit above the opening threshold, so each hot source opens exactly one incident (its
 * correlation key is its source) with its first hot reading — the trigger.
 */
import type { BenchReading } from '../ingest/workload';
import { BENCH_METRIC, BENCH_UNIT, VALUE_MAX, VALUE_MIN } from '../ingest/workload';

export interface StormOptions {
  sources: number;
  peakPerSecond: number;
  rampSeconds: number;
  holdSeconds: number;
  incidentsPerSecond: number;
  tickMs: number;
}

/** The opening rules fire at this value or above; normal readings stay below VALUE_MAX (150), hot ones above. */
export const OPEN_THRESHOLD = 180;
/** The watching rules (notify) fire here: never reached, they only cost evaluation. */
export const WATCH_THRESHOLD = 900;
export const HOT_VALUE = 200;

export const stormSource = (i: number) => `air-quality/storm-${String(i).padStart(3, '0')}`;

/** Readings sent from the start up to `t` seconds (the integral of the rate), possibly fractional. */
export function readingsUpTo(opts: Pick<StormOptions, 'peakPerSecond' | 'rampSeconds' | 'holdSeconds'>, t: number): number {
  const { peakPerSecond: peak, rampSeconds: ramp, holdSeconds: hold } = opts;
  const end = ramp + hold;
  const at = Math.max(0, Math.min(t, end));
  if (ramp > 0 && at <= ramp) return (peak * at * at) / (2 * ramp);
  return (peak * ramp) / 2 + peak * (at - ramp);
}

export interface Tick {
  readings: BenchReading[];
  /** Sources whose trigger (first hot reading) is in this tick. */
  triggers: string[];
}

/** The schedule, tick by tick. Stateful only in which sources have triggered; the same options give the same storm. */
export class StormPlan {
  readonly ticks: number;
  /** Sources that turn hot, and when (seconds from the start). */
  readonly hotAt: Map<string, number>;
  private readonly triggered = new Set<string>();
  private sent = 0;

  constructor(
    readonly opts: StormOptions,
    private readonly idPrefix: string,
    /** The name of source i (the soak uses sources of another type). */
    private readonly sourceName: (i: number) => string = stormSource,
  ) {
    this.ticks = Math.ceil(((opts.rampSeconds + opts.holdSeconds) * 1000) / opts.tickMs);
    const hot = Math.min(opts.sources, Math.floor(opts.incidentsPerSecond * opts.holdSeconds));
    this.hotAt = new Map(Array.from({ length: hot }, (_, i) => [sourceName(i), opts.rampSeconds + i / opts.incidentsPerSecond]));
  }

  /** Incidents the storm should open: one per hot source. */
  get expectedIncidents(): number {
    return this.hotAt.size;
  }

  /** The readings of tick `k` (0-based, in order), observed at `now`. */
  tick(k: number, now: Date): Tick {
    const t = ((k + 1) * this.opts.tickMs) / 1000;
    const upTo = Math.floor(readingsUpTo(this.opts, t));
    const readings: BenchReading[] = [];
    const triggers: string[] = [];
    const seconds = (k * this.opts.tickMs) / 1000;
    for (; this.sent < upTo; this.sent++) {
      const i = this.sent;
      const source = this.sourceName(i % this.opts.sources);
      const hotFrom = this.hotAt.get(source);
      const hot = hotFrom !== undefined && seconds >= hotFrom;
      if (hot && !this.triggered.has(source)) {
        this.triggered.add(source);
        triggers.push(source);
      }
      const value = hot ? HOT_VALUE + (i % 20) : VALUE_MIN + ((i * 37) % ((VALUE_MAX - VALUE_MIN) * 10)) / 10;
      readings.push({ id: `${this.idPrefix}-${i}`, source, metric: BENCH_METRIC, value, unit: BENCH_UNIT, observedAt: now.toISOString() });
    }
    return { readings, triggers };
  }
}
