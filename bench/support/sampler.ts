export interface Timed<T> {
  /** Milliseconds since the sampler started. */
  t: number;
  value: T;
}

/**
 * Reads something every `intervalMs` (a server's metrics page, a folder's size) and keeps the timed
 * readings; a reading that answers undefined is skipped, and a slow one is not stacked on.
 */
export class Sampler<T> {
  readonly samples: Timed<T>[] = [];
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  private reading = false;

  constructor(
    private readonly read: () => T | undefined | Promise<T | undefined>,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    const t = Date.now() - this.started;
    try {
      const value = await this.read();
      if (value !== undefined) this.samples.push({ t, value });
    } finally {
      this.reading = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
