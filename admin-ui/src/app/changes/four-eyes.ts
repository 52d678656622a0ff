import { signal, type Signal } from '@angular/core';
import type { ChangesApi } from './changes-api';

/**
 * Whether four eyes is on, asked once per page (`GET /api/changes` says it): null until known.
 * While unknown, or when the question fails, the page words its buttons as today; the server's
 * 202 answer is what counts, and is handled either way.
 */
export function loadFourEyes(api: ChangesApi): Signal<boolean | null> {
  const on = signal<boolean | null>(null);
  api.list('pending').then(
    (r) => on.set(r.fourEyes),
    () => on.set(null),
  );
  return on.asReadonly();
}
