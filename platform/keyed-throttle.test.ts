import { KeyedThrottle } from './keyed-throttle';

describe('KeyedThrottle', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  /** Records which runs happened, by label, and when. */
  function recorder() {
    const runs: { label: string; at: number }[] = [];
    const action = (label: string) => async () => void runs.push({ label, at: Date.now() });
    return { runs, action };
  }

  it('runs the first request at once and holds later ones to the end of the window, keeping only the last', async () => {
    const throttle = new KeyedThrottle({ windowMs: 1_000 });
    const { runs, action } = recorder();
    await throttle.run('inc-1', action('a'));
    jest.advanceTimersByTime(100);
    await throttle.run('inc-1', action('b'));
    jest.advanceTimersByTime(300);
    await throttle.run('inc-1', action('c'));
    expect(runs).toEqual([{ label: 'a', at: 0 }]);
    jest.advanceTimersByTime(600);
    expect(runs).toEqual([
      { label: 'a', at: 0 },
      { label: 'c', at: 1_000 },
    ]);
  });

  it('spaces a steady stream of requests one window apart', async () => {
    const throttle = new KeyedThrottle({ windowMs: 1_000 });
    const { runs, action } = recorder();
    for (let i = 0; i < 35; i++) {
      await throttle.run('inc-1', action(`r${i}`));
      jest.advanceTimersByTime(100);
    }
    jest.advanceTimersByTime(2_000);
    expect(runs.map((r) => r.at)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    // The last request (made at 3.4 s) is the one that ran last.
    expect(runs.at(-1)!.label).toBe('r34');
  });

  it('keeps keys apart', async () => {
    const throttle = new KeyedThrottle({ windowMs: 1_000 });
    const { runs, action } = recorder();
    await throttle.run('inc-1', action('one'));
    await throttle.run('inc-2', action('two'));
    expect(runs.map((r) => r.label)).toEqual(['one', 'two']);
  });

  it('runs at once again after a quiet window, and forgets keys that went quiet', async () => {
    const throttle = new KeyedThrottle({ windowMs: 1_000 });
    const { runs, action } = recorder();
    await throttle.run('inc-1', action('a'));
    await throttle.run('inc-2', action('b'));
    expect(throttle.size).toBe(2);
    jest.advanceTimersByTime(1_000);
    expect(throttle.size).toBe(0);
    jest.advanceTimersByTime(500);
    await throttle.run('inc-1', action('c'));
    expect(runs).toEqual([
      { label: 'a', at: 0 },
      { label: 'b', at: 0 },
      { label: 'c', at: 1_500 },
    ]);
  });

  it('flush runs what is held and stops the timers', async () => {
    const throttle = new KeyedThrottle({ windowMs: 1_000 });
    const { runs, action } = recorder();
    await throttle.run('inc-1', action('a'));
    await throttle.run('inc-1', action('b'));
    await throttle.flush();
    expect(runs.map((r) => r.label)).toEqual(['a', 'b']);
    expect(throttle.size).toBe(0);
    jest.advanceTimersByTime(5_000);
    expect(runs).toHaveLength(2);
  });

  it('hands the error of a held run to onError, with its key', async () => {
    const errors: [string, string][] = [];
    const throttle = new KeyedThrottle({ windowMs: 1_000, onError: (err, key) => errors.push([(err as Error).message, key]) });
    await throttle.run('inc-1', async () => undefined);
    await throttle.run('inc-1', async () => Promise.reject(new Error('database down')));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([['database down', 'inc-1']]);
  });
});
