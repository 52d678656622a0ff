import { durationMs } from './duration';

describe('durationMs', () => {
  it('reads the windows KPIs use', () => {
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT6H')).toBe(6 * 3_600_000);
    expect(durationMs('P1W')).toBe(7 * 86_400_000);
    expect(durationMs('P1M')).toBe(30 * 86_400_000);
    expect(durationMs('P1DT12H')).toBe(36 * 3_600_000);
    expect(durationMs('PT90S')).toBe(90_000);
  });
  it('rejects what is not an ISO duration', () => {
    for (const bad of ['', 'P', 'PT', '1D', 'P1.5D', 'P1H', 'PT1D', 'p1d']) expect(durationMs(bad)).toBeUndefined();
  });
});
