/**
 * The Go heap of the Temporal server, from its Prometheus `/metrics`: separates what its Go code
 * keeps (HeapAlloc) from the rest of its RSS — the SQLite page cache the pure-Go driver allocates
 * outside the Go heap, freed heap pages not yet returned, the mapped binary.
 */
export interface GoHeap {
  /** Bytes of live and not-yet-swept heap objects (runtime.MemStats.HeapAlloc), in MB. */
  allocMb: number;
  /** Heap spans in use (HeapInuse), in MB. */
  inuseMb?: number;
  /** Heap spans idle but still held from the OS (HeapIdle − HeapReleased), in MB. */
  heldIdleMb?: number;
}

const MB = 2 ** 20;

/**
 * Reads Temporal's runtime gauges (`memory_heap`, `memory_heapinuse`, `memory_heapidle`,
 * `memory_heapreleased`). Every service in the dev server reports the one process heap, so the
 * history service's line is taken (the first service's when it has none).
 */
export function parseGoHeap(metrics: string): GoHeap | undefined {
  const memoryLines = metrics.split('\n').filter((l) => l.startsWith('memory_heap'));
  const gauge = (name: string): number | undefined => {
    const lines = memoryLines.filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    const line = lines.find((l) => l.includes('service_name="history"')) ?? lines[0];
    const value = line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
    return Number.isFinite(value) ? value / MB : undefined;
  };
  const allocMb = gauge('memory_heap');
  if (allocMb === undefined) return undefined;
  const inuseMb = gauge('memory_heapinuse');
  const idle = gauge('memory_heapidle');
  const released = gauge('memory_heapreleased');
  return {
    allocMb,
    ...(inuseMb !== undefined ? { inuseMb } : {}),
    ...(idle !== undefined && released !== undefined ? { heldIdleMb: idle - released } : {}),
  };
}

/** Fetches and parses the metrics page; undefined when it does not answer within 2 s. */
export async function readGoHeap(metricsUrl: string): Promise<GoHeap | undefined> {
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) });
    return res.ok ? parseGoHeap(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}
