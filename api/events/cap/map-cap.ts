import type { Severity } from '../../../workflows/definitions';
import { CAP_SEVERITIES, type CapAlert, type CapCircle, type CapInfo, type CapSeverity } from './parse-cap';

/** Every stored CAP message has this metric; its value is the message's highest CAP severity. */
export const CAP_METRIC = 'cap.alert';

/** Vertices of the polygon a CAP circle is approximated by (plus the closing point). */
export const CIRCLE_VERTICES = 32;

export type GeoJsonGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const capSource = (sender: string) => `cap/${sender}`;
export const capCorrelationKey = (sender: string, identifier: string) => `cap:${sender}:${identifier}`;

/** The most severe CAP severity over all info blocks (Unknown without any). */
export function highestSeverity(infos: Pick<CapInfo, 'severity'>[]): CapSeverity {
  let best: CapSeverity = 'Unknown';
  for (const i of infos) if (CAP_SEVERITIES.indexOf(i.severity) < CAP_SEVERITIES.indexOf(best)) best = i.severity;
  return best;
}

/** Extreme/Severe → critical, Moderate → warning, Minor/Unknown → info. */
export function incidentSeverity(cap: CapSeverity): Severity {
  if (cap === 'Extreme' || cap === 'Severe') return 'critical';
  if (cap === 'Moderate') return 'warning';
  return 'info';
}

/**
 * The areas of all info blocks as one GeoJSON geometry (`[lon, lat]` order): a Polygon for one
 * shape, a MultiPolygon for several. Circles are approximated by a 32-sided polygon so the map and
 * any later geo query see one shape type; the exact circles stay in the stored `cap` message.
 * Areas given only by geocodes have no geometry.
 */
export function capGeometry(alert: Pick<CapAlert, 'infos'>): GeoJsonGeometry | undefined {
  const rings: number[][][] = [];
  const seen = new Set<string>();
  for (const info of alert.infos) {
    for (const area of info.areas) {
      const shapes = [...area.polygons.map((p) => p.points.map(({ lat, lon }) => [lon, lat])), ...area.circles.map(circleRing)];
      for (const ring of shapes) {
        // The same area repeated in each language's info block is one shape.
        const key = JSON.stringify(ring);
        if (seen.has(key)) continue;
        seen.add(key);
        rings.push(ring);
      }
    }
  }
  if (!rings.length) return undefined;
  if (rings.length === 1) return { type: 'Polygon', coordinates: [rings[0]!] };
  return { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}

/** A representative point for the incident and the map: the vertex average of the first shape. */
export function capLocation(geometry: GeoJsonGeometry | undefined): { lat: number; lon: number } | undefined {
  if (!geometry) return undefined;
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0]! : geometry.coordinates[0]![0]!;
  const open = ring.slice(0, -1);
  const lon = open.reduce((s, p) => s + p[0]!, 0) / open.length;
  const lat = open.reduce((s, p) => s + p[1]!, 0) / open.length;
  return { lat: round6(lat), lon: round6(lon) };
}

/** A circle on the sphere as a closed ring of `[lon, lat]` points (spherical destination formula). */
function circleRing(c: CapCircle): number[][] {
  const R = 6371.0088; // mean Earth radius, km
  const d = c.radiusKm / R;
  const lat1 = (c.lat * Math.PI) / 180;
  const lon1 = (c.lon * Math.PI) / 180;
  const ring: number[][] = [];
  for (let i = 0; i < CIRCLE_VERTICES; i++) {
    const bearing = (2 * Math.PI * i) / CIRCLE_VERTICES;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
    const lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([round6((lon2 * 180) / Math.PI), round6((lat2 * 180) / Math.PI)]);
  }
  ring.push([...ring[0]!]);
  return ring;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** What the API decided for a message, kept on the stored event. */
export interface CapDecision {
  action: 'open' | 'update' | 'cancel' | 'none';
  correlationKey?: string;
  sopKey?: string;
  routeId?: string;
  reason?: string;
  referenced?: 'known' | 'unknown';
}

export interface CapEventDoc {
  _id: string;
  source: string;
  eventId: string;
  metric: string;
  value: CapSeverity;
  observedAt: Date;
  receivedAt: Date;
  /** CAP messages never go through the threshold rules: marked evaluated when stored. */
  evaluatedAt: Date;
  location?: { lat: number; lon: number };
  /** GeoJSON text (see `model/events.ts`). */
  geometry?: string;
  cap: CapAlert & { decision: CapDecision; dispatch?: 'pending' | 'queued' };
}

/** One stored event per message (not per info block), keyed `cap/<sender>|<identifier>`. */
export function capEventDoc(alert: CapAlert, decision: CapDecision, receivedAt: Date, eventKey: string): CapEventDoc {
  const geometry = capGeometry(alert);
  const location = capLocation(geometry);
  return {
    _id: eventKey,
    source: capSource(alert.sender),
    eventId: alert.identifier,
    metric: CAP_METRIC,
    value: highestSeverity(alert.infos),
    observedAt: new Date(alert.sent),
    receivedAt,
    evaluatedAt: receivedAt,
    ...(location ? { location } : {}),
    ...(geometry ? { geometry: JSON.stringify(geometry) } : {}),
    cap: { ...alert, decision, ...(decision.action !== 'none' ? { dispatch: 'pending' as const } : {}) },
  };
}

/** The incident title: the first headline, else the first event name, else the identifier. */
export function capTitle(alert: CapAlert): string {
  const info = alert.infos.find((i) => i.headline) ?? alert.infos[0];
  return (info?.headline ?? info?.event ?? `CAP ${alert.identifier}`).slice(0, 300);
}
