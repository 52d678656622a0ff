import { HttpErrorResponse } from '@angular/common/http';
import { Loaded } from './loaded';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Loaded (one panel’s data)', () => {
  it('keeps the answer to the newest request when an older one arrives late', async () => {
    const panel = new Loaded<string>();
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = panel.load(() => older.promise);
    const second = panel.load(() => newer.promise);
    newer.resolve('7 days');
    await second;
    older.resolve('30 days');
    await first;
    expect(panel.value()).toBe('7 days');
    expect(panel.loading()).toBe(false);
  });

  it('keeps the old figures while reloading, and shows the API’s error when a load fails', async () => {
    const panel = new Loaded<string>();
    await panel.load(async () => 'before');
    const next = deferred<string>();
    const loading = panel.load(() => next.promise);
    expect(panel.loading()).toBe(true);
    expect(panel.value()).toBe('before');
    next.reject(new HttpErrorResponse({ status: 400, statusText: 'Bad Request', error: { error: 'the period may span at most 370 days' } }));
    await loading;
    expect(panel.error()).toBe('the period may span at most 370 days');
    expect(panel.value()).toBe('before');
    panel.clear();
    expect([panel.value(), panel.error(), panel.loading()]).toEqual([null, null, false]);
  });
});
