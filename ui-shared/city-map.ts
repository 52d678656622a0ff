import type * as Leaflet from 'leaflet';

export interface LatLon {
  lat: number;
  lon: number;
}

/** The middle of Đồng Xoài (Tân Phú ward, near the city market): where maps open. */
export const DONG_XOAI_CENTRE: LatLon = { lat: 11.535, lon: 106.883 };

/** The area the reference grid covers: Đồng Xoài and its communes, with a margin. */
export const DONG_XOAI_AREA = { south: 11.44, west: 106.78, north: 11.64, east: 106.99 };

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

/**
 * What every CityOps map draws underneath its markers so it is readable without a tile server (the
 * city's servers reach no OSM): a 0.01° grid over Đồng Xoài and a metric scale.
 */
export function drawCityBase(L: typeof Leaflet, map: Leaflet.Map): void {
  for (const [a, b] of graticule(DONG_XOAI_AREA, 0.01))
    L.polyline(
      [
        [a.lat, a.lon],
        [b.lat, b.lon],
      ],
      { color: '#b0bec5', weight: 1, interactive: false },
    ).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
}

/**
 * A tile layer when one is configured (none by default: the city's servers reach no tile server).
 * The first tile that fails removes the layer again, so an unreachable server costs one request,
 * not a page of broken images; the grid underneath stays.
 */
export function addOptionalTiles(L: typeof Leaflet, map: Leaflet.Map, url: string | null): void {
  if (!url) return;
  const tiles = L.tileLayer(url, { maxZoom: 19 });
  tiles.once('tileerror', () => map.removeLayer(tiles));
  tiles.addTo(map);
}
