import fs from 'node:fs';

export interface RssSample {
  /** Milliseconds since the sampler started. */
  t: number;
  rssMb: number;
  /** What the bench was doing (warm-up, measured phase …). */
  phase: string;
  /** Items the current phase had completed when the sample was taken. */
  done: number;
}

/** Resident set size of a process in MB, from VmRSS in /proc/<pid>/status (Linux); undefined once it is gone. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples one process's RSS every `intervalMs`, tagging each sample with the bench's current phase and progress. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  phase = 'idle';
  done = 0;

  constructor(
    private readonly pid: number,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Takes a sample now (also used to pin the value at a phase boundary). */
  sample(): RssSample | undefined {
    const rssMb = readRssMb(this.pid);
    if (rssMb === undefined) return undefined;
    const s = { t: Date.now() - this.started, rssMb, phase: this.phase, done: this.done };
    this.samples.push(s);
    return s;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Least-squares slope of y over x; undefined with fewer than two distinct x. */
export function slope(points: { x: number; y: number }[]): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? undefined : sxy / sxx;
}
