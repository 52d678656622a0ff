import { HOT_VALUE, OPEN_THRESHOLD, StormPlan, readingsUpTo, stormSource } from './storm-plan';
import { VALUE_MAX } from '../ingest/workload';

const opts = { sources: 50, peakPerSecond: 100, rampSeconds: 10, holdSeconds: 20, incidentsPerSecond: 2, tickMs: 100 };

describe('bench:e2e storm plan', () => {
  it('ramps linearly to the peak, then holds it', () => {
    expect(readingsUpTo(opts, 0)).toBe(0);
    expect(readingsUpTo(opts, 10)).toBe(500); // half the peak on average over the ramp
    expect(readingsUpTo(opts, 20)).toBe(1500);
    expect(readingsUpTo(opts, 99)).toBe(2500); // nothing after the hold
  });

  it('sends every reading once, at the rate of its moment, round-robin over the sources', () => {
    const plan = new StormPlan(opts, 'p');
    const now = new Date('2026-11-25T00:00:00Z');
    const ticks = Array.from({ length: plan.ticks }, (_, k) => plan.tick(k, now));
    const all = ticks.flatMap((t) => t.readings);
    expect(all).toHaveLength(2500);
    expect(new Set(all.map((r) => r.id)).size).toBe(2500);
    expect(ticks[plan.ticks - 1]!.readings).toHaveLength(10); // 100/s in a 100 ms tick
    expect(ticks[0]!.readings.length).toBeLessThan(2);
    expect(all[0]!.source).toBe(stormSource(0));
    expect(all[51]!.source).toBe(stormSource(1));
  });

  it('turns incidentsPerSecond sources hot during the hold, each triggering exactly once, others never above normal', () => {
    const plan = new StormPlan(opts, 'p');
    expect(plan.expectedIncidents).toBe(40);
    const now = new Date();
    const ticks = Array.from({ length: plan.ticks }, (_, k) => ({ k, ...plan.tick(k, now) }));
    const triggers = ticks.flatMap((t) => t.triggers.map((source) => ({ source, at: (t.k * opts.tickMs) / 1000 })));
    expect(triggers).toHaveLength(40);
    expect(new Set(triggers.map((t) => t.source)).size).toBe(40);
    for (const { source, at } of triggers) {
      const hotFrom = plan.hotAt.get(source)!;
      expect(at).toBeGreaterThanOrEqual(hotFrom);
      expect(at - hotFrom).toBeLessThan(1); // each source reads twice a second at the peak
    }
    const readings = ticks.flatMap((t) => t.readings);
    const cold = readings.filter((r) => !plan.hotAt.has(r.source));
    expect(Math.max(...cold.map((r) => r.value))).toBeLessThan(VALUE_MAX);
    expect(VALUE_MAX).toBeLessThan(OPEN_THRESHOLD);
    expect(HOT_VALUE).toBeGreaterThanOrEqual(OPEN_THRESHOLD);
  });
});
