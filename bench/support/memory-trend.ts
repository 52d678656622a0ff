import { slope, type RssSample } from './rss';

export interface MemoryTrend {
  /** Samples after the warm-up, over which the trend is taken. */
  samples: number;
  meanMb: number;
  /** Least-squares slope of RSS over time, in MB per hour. */
  slopeMbPerHour: number;
  /** What the slope adds over the measured window, in MB (slope × window). */
  growthMb: number;
  /** The growth stays within max(10 MB, 5% of the mean): memory is flat. */
  flat: boolean;
}

const FLAT_MB = 10;
const FLAT_SHARE = 0.05;

/**
 * The trend of one process's RSS after `warmupMs` (caches, windows and JIT settle first): a leak
 * shows as a slope that keeps adding memory over the window; noise and GC sawtooth average out.
 */
export function memoryTrend(samples: RssSample[], warmupMs: number): MemoryTrend | undefined {
  const measured = samples.filter((s) => s.t >= warmupMs);
  const perMs = slope(measured.map((s) => ({ x: s.t, y: s.rssMb })));
  if (perMs === undefined) return undefined;
  const meanMb = measured.reduce((sum, s) => sum + s.rssMb, 0) / measured.length;
  const windowMs = measured[measured.length - 1]!.t - measured[0]!.t;
  const growthMb = perMs * windowMs;
  return {
    samples: measured.length,
    meanMb: Math.round(meanMb),
    slopeMbPerHour: Math.round(perMs * 3600_000 * 10) / 10,
    growthMb: Math.round(growthMb * 10) / 10,
    flat: Math.abs(growthMb) <= Math.max(FLAT_MB, FLAT_SHARE * meanMb),
  };
}
