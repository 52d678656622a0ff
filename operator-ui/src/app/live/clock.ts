import { DestroyRef, Injectable, inject, signal, type Signal } from '@angular/core';

/**
 * One clock for every countdown on screen: a signal of the current time that ticks once a second
 * while at least one view watches it (not one timer per row), and stops when the last one goes.
 */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly time = signal(Date.now());
  readonly now: Signal<number> = this.time.asReadonly();
  private watchers = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Starts ticking for the caller; the returned function stops watching. */
  watch(): () => void {
    this.watchers++;
    if (!this.timer) {
      this.time.set(Date.now());
      this.timer = setInterval(() => this.time.set(Date.now()), 1000);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--this.watchers === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}

/** The ticking time for a component or directive: watches the shared clock until it is destroyed. */
export function injectNow(): Signal<number> {
  const clock = inject(Clock);
  inject(DestroyRef).onDestroy(clock.watch());
  return clock.now;
}
