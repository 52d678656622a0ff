/** One numeric reading in a rule window: observation time (ms since epoch) and value. */
export interface Sample {
  t: number;
  v: number;
}

export interface WindowLimits {
  /** Samples kept per (source, metric); the oldest go first. Default 5,000. */
  maxCount: number;
  /** Samples older than this (relative to the newest) are dropped. Default 24 h. */
  maxAgeMs: number;
}

export const DEFAULT_WINDOW_LIMITS: WindowLimits = { maxCount: 5000, maxAgeMs: 24 * 3600_000 };

/**
 * Recent numeric readings per (source, metric), in memory in the evaluating process. Bounded by
 * count and age, so a chatty sensor cannot grow it; rebuilt from stored events on start (DESIGN:
 * FerretDB scans on anything but `_id`, so windows never query the events collection per reading).
 */
export class WindowStore {
  private readonly windows = new Map<string, Sample[]>();

  constructor(private readonly limits: WindowLimits = DEFAULT_WINDOW_LIMITS) {}

  static key(source: string, metric: string): string {
    return `${source}\u0000${metric}`;
  }

  /**
   * Adds a reading in time order (late readings are inserted where they belong; an identical one is
   * skipped), then trims to the limits, and to `keepMs` when given: the stream's rules look no
   * further back, so older samples are only memory.
   */
  add(key: string, sample: Sample, keepMs = this.limits.maxAgeMs): void {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = []));
    let i = w.length;
    while (i > 0 && w[i - 1]!.t > sample.t) i--;
    // The same reading twice (warm-up from stored events overlapping the batch being evaluated): keep one.
    for (let j = i - 1; j >= 0 && w[j]!.t === sample.t; j--) if (w[j]!.v === sample.v) return;
    w.splice(i, 0, sample);
    const newest = w[w.length - 1]!.t;
    let drop = Math.max(0, w.length - this.limits.maxCount);
    const maxAgeMs = Math.min(keepMs, this.limits.maxAgeMs);
    while (drop < w.length && newest - w[drop]!.t > maxAgeMs) drop++;
    if (drop) w.splice(0, drop);
  }

  /** Samples with `t` in (at − ms, at]. */
  last(key: string, ms: number, at: number): Sample[] {
    const w = this.windows.get(key) ?? [];
    return w.filter((s) => s.t > at - ms && s.t <= at);
  }

  size(key: string): number {
    return this.windows.get(key)?.length ?? 0;
  }

  /** Samples held over all streams (a gauge for /metrics and the soak). */
  get totalSamples(): number {
    let n = 0;
    for (const w of this.windows.values()) n += w.length;
    return n;
  }
}

export type Aggregate = 'avg' | 'min' | 'max' | 'count';

export function aggregate(fn: Aggregate, samples: Sample[]): number | undefined {
  if (fn === 'count') return samples.length;
  if (!samples.length) return undefined;
  const values = samples.map((s) => s.v);
  if (fn === 'min') return Math.min(...values);
  if (fn === 'max') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Change per hour between the first and the last sample of the window (a least-squares slope would
 * smooth noise more, but the end-to-end rate is what operators read off a chart). Undefined with
 * fewer than two samples or no elapsed time.
 */
export function ratePerHour(samples: Sample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const hours = (last.t - first.t) / 3600_000;
  return hours > 0 ? (last.v - first.v) / hours : undefined;
}

/**
 * Holt's linear trend (double exponential smoothing) over the window: the level and the trend per
 * millisecond after the last sample, so `level + trend × h` forecasts h ms ahead. Samples need not
 * be evenly spaced: the trend is smoothed per elapsed time.
 */
export function holt(samples: Sample[], alpha = 0.5, beta = 0.3): { level: number; trendPerMs: number; at: number } | undefined {
  if (samples.length < 2) return undefined;
  let level = samples[0]!.v;
  let trend = (samples[1]!.v - samples[0]!.v) / Math.max(1, samples[1]!.t - samples[0]!.t);
  for (let i = 1; i < samples.length; i++) {
    const dt = Math.max(1, samples[i]!.t - samples[i - 1]!.t);
    const prevLevel = level;
    level = alpha * samples[i]!.v + (1 - alpha) * (level + trend * dt);
    trend = beta * ((level - prevLevel) / dt) + (1 - beta) * trend;
  }
  return { level, trendPerMs: trend, at: samples[samples.length - 1]!.t };
}

/** True when Holt's forecast reaches `threshold` (from below; or from above when `below`) within `horizonMs`. */
export function forecastExceeds(samples: Sample[], threshold: number, horizonMs: number, opts: { alpha?: number; beta?: number; below?: boolean } = {}): boolean {
  const model = holt(samples, opts.alpha, opts.beta);
  if (!model) return false;
  const predicted = model.level + model.trendPerMs * horizonMs;
  // Linear: if it crosses within the horizon, the end of the horizon (or the level now) is past the threshold.
  return opts.below ? Math.min(model.level, predicted) <= threshold : Math.max(model.level, predicted) >= threshold;
}

/** GeoJSON Polygon (or MultiPolygon) coordinates are [lon, lat]; the first ring is the outline, the others holes. */
export type GeoPolygon = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export function pointInPolygon(point: { lat: number; lon: number }, area: GeoPolygon): boolean {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.some(([outline, ...holes]) => !!outline && inRing(point, outline) && !holes.some((h) => inRing(point, h)));
}

/** Ray casting: counts edge crossings of a ray going east from the point. */
function inRing({ lat, lon }: { lat: number; lon: number }, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
