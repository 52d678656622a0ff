import { graticule, parseCoordinate, roundLatLon } from './map-point';

describe('map points', () => {
  it('rounds a click to five decimals (about a metre)', () => {
    expect(roundLatLon(11.5351234567, 106.8834567891)).toEqual({ lat: 11.53512, lon: 106.88346 });
    expect(roundLatLon(11.535, 106.883)).toEqual({ lat: 11.535, lon: 106.883 });
    expect(roundLatLon(11.123456, 106.999996, 3)).toEqual({ lat: 11.123, lon: 107 });
  });

  it('wraps longitude from a map panned round the world, clamps latitude, and never gives -0', () => {
    expect(roundLatLon(11.535, 106.883 + 360)).toEqual({ lat: 11.535, lon: 106.883 });
    expect(roundLatLon(11.535, 106.883 - 720)).toEqual({ lat: 11.535, lon: 106.883 });
    expect(roundLatLon(95, 0)).toEqual({ lat: 90, lon: 0 });
    expect(Object.is(roundLatLon(-0.000001, -0.000001).lon, 0)).toBe(true);
  });

  it('reads typed coordinates with a dot or a Vietnamese decimal comma', () => {
    expect(parseCoordinate(' 11.535 ')).toBe(11.535);
    expect(parseCoordinate('106,883')).toBe(106.883);
    expect(parseCoordinate('-3')).toBe(-3);
    expect(parseCoordinate('')).toBeUndefined();
    expect(parseCoordinate('11.5.3')).toBeUndefined();
  });

  it('draws a grid of lines over the area', () => {
    const lines = graticule({ south: 11.5, west: 106.8, north: 11.52, east: 106.83 }, 0.01);
    // Latitudes 11.50, 11.51, 11.52 (floating point may drop the last) and longitudes 106.80 … 106.83.
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines[0]).toEqual([
      { lat: 11.5, lon: 106.8 },
      { lat: 11.5, lon: 106.83 },
    ]);
  });
});
