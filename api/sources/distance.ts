export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in km: exact enough for "which sensors are near this incident". */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Parses `lat,lon` (as in `?near=11.53,106.88`); undefined when it is not a valid coordinate. */
export function parseLatLon(text: string): LatLon | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}

/** The items with a location within `radiusKm` of `centre`, nearest first, each with its `distanceKm` (rounded to metres). */
export function within<T extends { location?: { lat?: number | null; lon?: number | null } | null }>(items: T[], centre: LatLon, radiusKm: number): (T & { distanceKm: number })[] {
  const out: (T & { distanceKm: number })[] = [];
  for (const item of items) {
    const { lat, lon } = item.location ?? {};
    if (typeof lat !== 'number' || typeof lon !== 'number') continue;
    const d = distanceKm(centre, { lat, lon });
    if (d <= radiusKm) out.push({ ...item, distanceKm: Math.round(d * 1000) / 1000 });
  }
  return out.sort((a, b) => a.distanceKm - b.distanceKm);
}
