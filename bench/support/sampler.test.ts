import { Sampler } from './sampler';

describe('Sampler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps the timed readings that answered, and stops reading when stopped', async () => {
    const answers = [5, undefined, 7, 9];
    const sampler = new Sampler(async () => answers.shift(), 100);
    await jest.advanceTimersByTimeAsync(350);
    expect(sampler.samples.map((s) => s.value)).toEqual([5, 7]);
    expect(sampler.samples.map((s) => s.t)).toEqual([100, 300]);
    sampler.stop();
    await jest.advanceTimersByTimeAsync(500);
    expect(sampler.samples).toHaveLength(2);
  });

  it('does not start a reading while the last one is still out', async () => {
    let started = 0;
    const sampler = new Sampler(() => {
      started++;
      return new Promise<number>((resolve) => setTimeout(() => resolve(1), 250));
    }, 100);
    await jest.advanceTimersByTimeAsync(320);
    expect(started).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
    sampler.stop();
  });
});
