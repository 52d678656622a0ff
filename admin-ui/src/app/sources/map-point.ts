export interface LatLon {
  lat: number;
  lon: number;
}

/** The middle of Đồng Xoài (Tân Phú ward, near the city market): where the map opens. */
export const DONG_XOAI_CENTRE: LatLon = { lat: 11.535, lon: 106.883 };

/** Five decimals ≈ 1.1 m: finer than a click on the map can mean. */
export const COORDINATE_DIGITS = 5;

/** A map click → the location stored: rounded, longitude wrapped into [-180, 180), latitude clamped to ±90. */
export function roundLatLon(lat: number, lng: number, digits = COORDINATE_DIGITS): LatLon {
  const f = 10 ** digits;
  const wrapped = ((((lng + 180) % 360) + 360) % 360) - 180;
  const round = (v: number) => Math.round(v * f) / f + 0; // + 0 turns -0 into 0
  return { lat: round(Math.max(-90, Math.min(90, lat))), lon: round(wrapped) };
}

/** A coordinate typed into a field ("11.535" or "11,535"); undefined when it is not a number. */
export function parseCoordinate(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Lines every `step` degrees across `[south, west, north, east]`: the map's plain reference grid (no tile server). */
export function graticule(bounds: { south: number; west: number; north: number; east: number }, step: number): [LatLon, LatLon][] {
  const lines: [LatLon, LatLon][] = [];
  for (let lat = Math.ceil(bounds.south / step) * step; lat <= bounds.north; lat += step)
    lines.push([
      { lat, lon: bounds.west },
      { lat, lon: bounds.east },
    ]);
  for (let lon = Math.ceil(bounds.west / step) * step; lon <= bounds.east; lon += step)
    lines.push([
      { lat: bounds.south, lon },
      { lat: bounds.north, lon },
    ]);
  return lines;
}
