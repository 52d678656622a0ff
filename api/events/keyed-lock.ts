/**
 * In-process mutual exclusion by key: `run(keys, fn)` runs `fn` once no other run holds any of
 * `keys`. Keys are taken in sorted order, so two runs over overlapping keys cannot wait on each
 * other. The rule evaluator holds the alert states a batch touches, so concurrent batches of one
 * source apply their readings one after the other instead of racing on the state's revision.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Keys held or waited for (a gauge; 0 when idle). */
  get size(): number {
    return this.tails.size;
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      // The last holder of a key removes it, so idle keys cost no memory.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
