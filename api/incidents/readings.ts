import { Source, StoredEvent, type IncidentDoc } from '../../model';
import { downsample, type Point } from '../../rules/downsample';

/** A chart draws at most this many points per series; longer series keep each bucket's low and high. */
export const MAX_POINTS_PER_SERIES = 2000;
/** Readings read before thinning (the latest, if there are more): bounds the work for sensors that report every second. */
const MAX_READINGS = 100_000;
const LEAD_MS = 2 * 60 * 60 * 1000;

export interface ReadingSeries {
  source: string;
  sourceName: string;
  metric: string;
  unit: string;
  points: [string, number][];
}

/** The source of an event key `source|id` (source ids never contain `|`). */
export function sourceOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(0, bar);
}

/** From two hours before the incident was detected (or opened, if earlier) until it ended, or now. */
export function readingsWindow(incident: Pick<IncidentDoc, 'openedAt' | 'detectedAt' | 'resolvedAt' | 'closedAt'>, now = new Date()): { from: Date; to: Date } {
  const starts = [incident.openedAt, incident.detectedAt].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  const end = incident.resolvedAt ?? incident.closedAt ?? now;
  return { from: new Date(Math.min(...starts) - LEAD_MS), to: end };
}

/** A chartable number: numbers as they are, booleans as 1/0 (intrusion on/off); text is not drawn. */
export function chartValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

interface Reading {
  source: string;
  metric: string;
  value: unknown;
  unit?: string | null;
  observedAt: Date;
}

/** Groups readings into one time-ordered series per source and metric, thinned to `max` points each. */
export function toSeries(readings: Reading[], names: Map<string, { name: string; units: Map<string, string> }>, max = MAX_POINTS_PER_SERIES): ReadingSeries[] {
  const groups = new Map<string, { source: string; metric: string; unit: string; points: Point[] }>();
  for (const r of readings) {
    const value = chartValue(r.value);
    if (value === undefined) continue;
    const key = `${r.source}|${r.metric}`;
    let group = groups.get(key);
    if (!group) {
      group = { source: r.source, metric: r.metric, unit: r.unit ?? names.get(r.source)?.units.get(r.metric) ?? '', points: [] };
      groups.set(key, group);
    }
    group.points.push([new Date(r.observedAt).getTime(), value]);
  }
  return [...groups.values()]
    .sort((a, b) => a.source.localeCompare(b.source) || a.metric.localeCompare(b.metric))
    .map((g) => ({
      source: g.source,
      sourceName: names.get(g.source)?.name ?? g.source,
      metric: g.metric,
      unit: g.unit,
      points: downsample(
        g.points.sort((a, b) => a[0] - b[0]),
        max,
      ).map(([t, v]) => [new Date(t).toISOString(), v] as [string, number]),
    }));
}

/**
 * Stored events by their keys, one exact-`_id` read each: the one lookup FerretDB serves from its
 * index, where `_id: {$in}` would scan every stored reading. Keys are few (an incident keeps 50).
 */
export async function eventsByKeys(keys: string[]) {
  const docs = await Promise.all(keys.map((k) => StoredEvent.findById(k, { source: 1, eventId: 1, metric: 1, value: 1, unit: 1, observedAt: 1 }).lean()));
  return docs.filter((d): d is NonNullable<typeof d> => d !== null);
}

/**
 * The readings behind an incident, as chart series: every source that sent one of its recent
 * events, over the incident's window (one query for all of them); and the triggering readings
 * themselves, to mark on the chart — taken from the series where they fall inside it.
 */
export async function incidentReadings(incident: IncidentDoc, now = new Date()) {
  const keys = incident.recentEvents ?? [];
  const sources = [...new Set(keys.map(sourceOfKey))];
  if (sources.length === 0) return { series: [], triggers: [] };
  const { from, to } = readingsWindow(incident, now);
  const [registry, readings] = await Promise.all([
    Source.find({ _id: { $in: sources } }, { name: 1, metrics: 1 }).lean(),
    StoredEvent.find(
      { source: { $in: sources }, observedAt: { $gte: from, $lte: to }, suspect: { $ne: true } },
      { source: 1, eventId: 1, metric: 1, value: 1, unit: 1, observedAt: 1 },
    )
      .sort({ observedAt: -1 })
      .limit(MAX_READINGS)
      .lean(),
  ]);
  const inWindow = new Map(readings.map((r) => [r._id, r]));
  const outside = await eventsByKeys(keys.filter((k) => !inWindow.has(k)));
  const names = new Map(registry.map((s) => [s._id, { name: s.name, units: new Map(s.metrics.map((m) => [m.key, m.unit])) }]));
  const triggers = [...keys.flatMap((k) => inWindow.get(k) ?? []), ...outside]
    .map((e) => ({ source: e.source, eventId: e.eventId, observedAt: e.observedAt, value: e.value }))
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  return { series: toSeries(readings, names), triggers };
}
