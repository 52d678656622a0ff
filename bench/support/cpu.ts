import fs from 'node:fs';

/** Linux reports /proc CPU times in USER_HZ ticks, 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat (Linux); undefined once it is gone. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]); // field 14
    const stime = Number(fields[12]); // field 15
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds each named process used between construction and `read()`; processes without a pid (or gone) are left out. */
export class CpuMeter {
  private readonly start: Map<string, number>;

  constructor(private readonly pids: Record<string, number | undefined>) {
    this.start = this.now();
  }

  read(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, seconds] of this.now()) {
      const before = this.start.get(name);
      if (before !== undefined) out[name] = seconds - before;
    }
    return out;
  }

  private now(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, pid] of Object.entries(this.pids)) {
      const seconds = pid === undefined ? undefined : readCpuSeconds(pid);
      if (seconds !== undefined) out.set(name, seconds);
    }
    return out;
  }
}
