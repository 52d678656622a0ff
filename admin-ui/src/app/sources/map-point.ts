import type { LatLon } from '@ui/city-map';

// The city's centre, grid and point type are shared with the operator app's maps.
export { DONG_XOAI_CENTRE, graticule, type LatLon } from '@ui/city-map';

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
