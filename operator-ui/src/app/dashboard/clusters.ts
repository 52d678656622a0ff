import type { Severity } from './metrics-types';

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  severity: Severity;
}

export interface Cluster {
  /** Grid cell at this zoom, stable while the map is not zoomed. */
  key: string;
  /** Mean position of the cluster's points. */
  lat: number;
  lon: number;
  count: number;
  /** The worst severity in the cluster: its colour. */
  worst: Severity;
  ids: string[];
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export const SEVERITY_COLOURS: Record<Severity, string> = { info: '#1565c0', warning: '#ef8f00', critical: '#c62828' };

/** Web Mercator pixel position at a zoom level (256-pixel tiles), as Leaflet projects it. */
export function project(lat: number, lon: number, zoom: number): { x: number; y: number } {
  const size = 256 * 2 ** zoom;
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return { x: ((lon + 180) / 360) * size, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size };
}

/**
 * Grid clustering: the map at `zoom` is cut into `cellPx`-pixel squares and the points in one
 * square become one cluster, coloured by its worst severity. Zooming in splits clusters because
 * the squares cover less ground. Clusters come out mildest and smallest first, so the critical
 * ones, added to the map last, are drawn on top.
 */
export function clusterPoints(points: readonly MapPoint[], zoom: number, cellPx = 48): Cluster[] {
  const cells = new Map<string, { latSum: number; lonSum: number; ids: string[]; worst: Severity }>();
  for (const p of points) {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    const { x, y } = project(p.lat, p.lon, zoom);
    const key = `${zoom}/${Math.floor(x / cellPx)}/${Math.floor(y / cellPx)}`;
    const cell = cells.get(key);
    if (!cell) cells.set(key, { latSum: p.lat, lonSum: p.lon, ids: [p.id], worst: p.severity });
    else {
      cell.latSum += p.lat;
      cell.lonSum += p.lon;
      cell.ids.push(p.id);
      if (RANK[p.severity] > RANK[cell.worst]) cell.worst = p.severity;
    }
  }
  return [...cells]
    .map(([key, c]) => ({ key, lat: c.latSum / c.ids.length, lon: c.lonSum / c.ids.length, count: c.ids.length, worst: c.worst, ids: c.ids }))
    .sort((a, b) => RANK[a.worst] - RANK[b.worst] || a.count - b.count || a.key.localeCompare(b.key));
}
