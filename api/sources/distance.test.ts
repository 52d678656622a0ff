import { distanceKm, parseLatLon, within } from './distance';

describe('distances between sources', () => {
  it('measures great-circle distance in km', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(distanceKm({ lat: 11, lon: 106.88 }, { lat: 12, lon: 106.88 })).toBeCloseTo(111.2, 1);
    expect(distanceKm({ lat: 11.5349, lon: 106.8832 }, { lat: 11.5349, lon: 106.8832 })).toBe(0);
    // Flood sensor at bridge 11 to the Tân Phú air-quality station: about 0.87 km apart.
    expect(distanceKm({ lat: 11.5349, lon: 106.8832 }, { lat: 11.5382, lon: 106.8905 })).toBeCloseTo(0.87, 1);
  });

  it('parses lat,lon and refuses what is not a coordinate', () => {
    expect(parseLatLon('11.5349,106.8832')).toEqual({ lat: 11.5349, lon: 106.8832 });
    expect(parseLatLon(' -1 , 2.5 ')).toEqual({ lat: -1, lon: 2.5 });
    expect(parseLatLon('91,0')).toBeUndefined();
    expect(parseLatLon('0,181')).toBeUndefined();
    expect(parseLatLon('11.5')).toBeUndefined();
    expect(parseLatLon('a,b')).toBeUndefined();
  });

  it('keeps items within the radius, nearest first, and skips those without a location', () => {
    const centre = { lat: 11.5349, lon: 106.8832 };
    const items = [
      { id: 'far', location: { lat: 11.6, lon: 106.9 } },
      { id: 'near', location: { lat: 11.535, lon: 106.8834 } },
      { id: 'nowhere' },
      { id: 'mid', location: { lat: 11.5382, lon: 106.8905 } },
    ];
    const found = within(items, centre, 2);
    expect(found.map((i) => i.id)).toEqual(['near', 'mid']);
    expect(found[0]!.distanceKm).toBeLessThan(0.05);
    expect(found[1]!.distanceKm).toBeGreaterThan(0.8);
  });
});
