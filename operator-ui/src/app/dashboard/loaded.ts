import { signal } from '@angular/core';
import { apiProblem } from '@ui/api-problem';

/**
 * One panel's data: the last value, whether a newer one is loading, the error of the last try.
 * A slower answer to an older filter never overwrites a newer one (each load has a generation).
 * The old value stays while the next loads, so a wall screen does not flicker on refresh.
 */
export class Loaded<T> {
  readonly value = signal<T | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  private generation = 0;

  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.generation;
    this.loading.set(true);
    try {
      const v = await fetch();
      if (mine !== this.generation) return;
      this.value.set(v);
      this.error.set(null);
    } catch (err) {
      if (mine === this.generation) this.error.set(apiProblem(err).message);
    } finally {
      if (mine === this.generation) this.loading.set(false);
    }
  }

  /** Forget the value (e.g. the heat map's SOP was cleared) and drop any answer still on its way. */
  clear(): void {
    this.generation++;
    this.value.set(null);
    this.loading.set(false);
    this.error.set(null);
  }
}
