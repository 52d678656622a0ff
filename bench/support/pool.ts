/**
 * Runs `job(i)` for i = 0 … count-1 with at most `concurrency` in flight, calling `onDone` after each.
 * Stops starting new jobs once `shouldStop()` is true; the first failure rejects (after in-flight jobs settle).
 */
export async function runBounded(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
  opts: { onDone?: (done: number) => void; shouldStop?: () => boolean } = {},
): Promise<void> {
  let next = 0;
  let done = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < count && failure === undefined && !opts.shouldStop?.()) {
      const i = next++;
      try {
        await job(i);
      } catch (err) {
        failure ??= err;
        return;
      }
      opts.onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (failure !== undefined) throw failure;
}
