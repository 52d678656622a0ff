import fs from 'node:fs';

export interface RssSample extends ProcessMemory {
  /** Milliseconds since the sampler started. */
  t: number;
  /** What the bench was doing (warm-up, measured phase …). */
  phase: string;
  /** Items the current phase had completed when the sample was taken. */
  done: number;
}

export interface ProcessMemory {
  rssMb: number;
  /** Of the RSS: anonymous memory (heaps, caches a process allocates) … */
  anonMb?: number;
  /** … and pages of mapped files (the binary, shared libraries, memory-mapped databases). */
  fileMb?: number;
}

/** RSS and its anonymous and file-backed parts, from /proc/<pid>/status (Linux); undefined once the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcessStatus(status);
}

/** The memory lines of a /proc/<pid>/status text, in MB. */
export function parseProcessStatus(status: string): ProcessMemory | undefined {
  const mb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  };
  const rssMb = mb('VmRSS');
  if (rssMb === undefined) return undefined;
  const anonMb = mb('RssAnon');
  const fileMb = mb('RssFile');
  return { rssMb, ...(anonMb !== undefined ? { anonMb } : {}), ...(fileMb !== undefined ? { fileMb } : {}) };
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
    const memory = readProcessMemory(this.pid);
    if (memory === undefined) return undefined;
    const s = { t: Date.now() - this.started, ...memory, phase: this.phase, done: this.done };
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
