import { downsample, type Point } from './downsample';

describe('downsample', () => {
  it('returns a short series as it is', () => {
    const s: Point[] = [
      [1, 2],
      [2, 3],
    ];
    expect(downsample(s, 10)).toEqual(s);
  });

  it('keeps at most max points, in time order, and never loses a spike', () => {
    const s: Point[] = Array.from({ length: 10_000 }, (_, i) => [i * 1000, i === 7_777 ? 99 : i === 3_333 ? -5 : Math.sin(i / 50)]);
    const out = downsample(s, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.length).toBeGreaterThan(400);
    expect(out.map((p) => p[0])).toEqual([...out.map((p) => p[0])].sort((a, b) => a - b));
    expect(out).toContainEqual([7_777_000, 99]);
    expect(out).toContainEqual([3_333_000, -5]);
  });
});
