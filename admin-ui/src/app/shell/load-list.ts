import { signal, type Signal } from '@angular/core';
import { apiProblem } from '@ui/api-problem';

/** Starts loading a list: `items` is null until it arrives, `error` says why it did not. */
export function loadList<T>(load: () => Promise<T[]>): { items: Signal<T[] | null>; error: Signal<string> } {
  const items = signal<T[] | null>(null);
  const error = signal('');
  load().then(
    (list) => items.set(list),
    (err: unknown) => error.set(apiProblem(err).message),
  );
  return { items: items.asReadonly(), error: error.asReadonly() };
}
