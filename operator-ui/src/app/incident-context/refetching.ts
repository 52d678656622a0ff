import { effect, signal, untracked, type Signal, type WritableSignal } from '@angular/core';
import { apiProblem } from '@ui/api-problem';

export interface Refetched<T> {
  /** The last answer (null until the first one); writable so a page can add what it just posted. */
  value: WritableSignal<T | null>;
  /** Why the last fetch failed, or null. */
  error: Signal<string | null>;
  /** True once an answer or an error arrived. */
  settled: Signal<boolean>;
}

/**
 * Fetches something of an incident whenever its id or the page's `refresh` count changes, keeping
 * the last answer on failure and ignoring answers that arrive after a newer request. Call it in a
 * field initialiser (it needs the injection context for its effect).
 */
export function refetching<T>(incidentId: () => string, refresh: () => number, fetch: (id: string) => Promise<T>): Refetched<T> {
  const value = signal<T | null>(null);
  const error = signal<string | null>(null);
  const settled = signal(false);
  let generation = 0;
  effect(() => {
    refresh();
    const id = incidentId();
    const mine = ++generation;
    // Only the inputs trigger a fetch, not signals read on the way (the auth token in the interceptor).
    untracked(
      () =>
        void fetch(id).then(
          (answer) => {
            if (mine !== generation) return;
            value.set(answer);
            error.set(null);
            settled.set(true);
          },
          (err: unknown) => {
            if (mine !== generation) return;
            error.set(apiProblem(err).message);
            settled.set(true);
          },
        ),
    );
  });
  return { value, error: error.asReadonly(), settled: settled.asReadonly() };
}
