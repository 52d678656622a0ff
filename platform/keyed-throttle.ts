export interface KeyedThrottleOptions {
  /** At most one run per key within this window. */
  windowMs: number;
  /** Error handler for a deferred run (an immediate run's error goes to its caller). */
  onError?: (err: unknown, key: string) => void;
}

interface KeyState {
  lastRunAt: number;
  /** The run waiting for the window to pass; a later request replaces it. */
  pending?: () => Promise<void>;
  timer?: NodeJS.Timeout;
}

/**
 * Runs an action at most once per key per window, and always runs the last one asked for: a
 * request inside the window is held until the window ends, replacing any request already held
 * (leading and trailing edge). For notices where only the latest matters, e.g. "incident N
 * changed" while a storm of readings joins it several times a second.
 */
export class KeyedThrottle {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly opts: KeyedThrottleOptions) {}

  /** Runs `action` now when the key's window is clear (awaiting it); otherwise holds it for the window's end. */
  async run(key: string, action: () => Promise<void>): Promise<void> {
    const state = this.keys.get(key);
    const now = Date.now();
    if (!state || now - state.lastRunAt >= this.opts.windowMs) {
      if (state?.timer) clearTimeout(state.timer);
      const fresh: KeyState = { lastRunAt: now };
      this.keys.set(key, fresh);
      // At the window's end: run what was held meanwhile, or forget the key (the map stays as small as the busy keys).
      this.arm(key, fresh, this.opts.windowMs);
      await action();
      return;
    }
    // A tracked key always has its window's timer armed: it runs what is held when the window ends.
    state.pending = action;
  }

  /** Keys being tracked (for tests and metrics). */
  get size(): number {
    return this.keys.size;
  }

  /** Runs every held action now (on shutdown) and stops every timer. */
  async flush(): Promise<void> {
    const held = [...this.keys.entries()];
    this.keys.clear();
    for (const [key, state] of held) {
      if (state.timer) clearTimeout(state.timer);
      if (state.pending) await state.pending().catch((err: unknown) => this.opts.onError?.(err, key));
    }
  }

  private arm(key: string, state: KeyState, delayMs: number): void {
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const action = state.pending;
      if (!action) return void this.keys.delete(key); // the window passed quietly: nothing to remember
      state.pending = undefined;
      state.lastRunAt = Date.now();
      action().catch((err: unknown) => this.opts.onError?.(err, key));
      // Hold the next request for a window after this run, then forget the key.
      this.arm(key, state, this.opts.windowMs);
    }, delayMs);
    // A held notice does not keep a process alive that is otherwise done.
    state.timer.unref();
  }
}
