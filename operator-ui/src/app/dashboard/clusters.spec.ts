import { SEVERITY_COLOURS, clusterPoints, project, type MapPoint } from './clusters';

// Three incidents around the Đồng Xoài market (a few hundred metres apart) and one at Suối Rạt, ~5 km north.
const points: MapPoint[] = [
  { id: 'a', lat: 11.535, lon: 106.883, severity: 'info' },
  { id: 'b', lat: 11.5355, lon: 106.8835, severity: 'critical' },
  { id: 'c', lat: 11.536, lon: 106.884, severity: 'warning' },
  { id: 'd', lat: 11.58, lon: 106.9, severity: 'warning' },
];

describe('grid clustering', () => {
  it('projects like Leaflet (Web Mercator, 256-pixel tiles)', () => {
    expect(project(0, 0, 0)).toEqual({ x: 128, y: 128 });
    expect(project(0, 180, 1).x).toBe(512);
  });

  it('groups nearby incidents at a city-wide zoom and colours the cluster by its worst severity', () => {
    const clusters = clusterPoints(points, 12);
    expect(clusters).toHaveLength(2);
    const market = clusters.find((c) => c.count === 3)!;
    expect(market.worst).toBe('critical');
    expect(SEVERITY_COLOURS[market.worst]).toBe('#c62828');
    expect(market.ids.sort()).toEqual(['a', 'b', 'c']);
    expect(market.lat).toBeCloseTo(11.5355, 6);
    expect(market.lon).toBeCloseTo(106.8835, 6);
    // The critical cluster comes last, so it is drawn on top.
    expect(clusters[clusters.length - 1]).toBe(market);
  });

  it('splits clusters as the map zooms in', () => {
    expect(clusterPoints(points, 8)).toHaveLength(1);
    expect(clusterPoints(points, 18).every((c) => c.count === 1)).toBe(true);
    expect(clusterPoints(points, 18).map((c) => c.worst)).toEqual(['info', 'warning', 'warning', 'critical']);
  });

  it('skips points without a usable position', () => {
    expect(clusterPoints([{ id: 'x', lat: Number.NaN, lon: 106.9, severity: 'info' }], 12)).toEqual([]);
  });
});
