import type { IncomingEvent } from './event-schema';
import { convertUnit } from './units';

/** What normalisation needs to know about a registered source. */
export interface SourceSpec {
  id: string;
  type: string;
  /** Org unit (ward, commune, team). */
  unit: string;
  disabled?: boolean;
  location?: { lat?: number | null; lon?: number | null } | null;
  /** Any metric key is accepted, stored as sent (types whose metrics live elsewhere: KPI feeds, CAP). */
  openMetrics?: boolean;
  metrics: { key: string; unit?: string | null; min?: number | null; max?: number | null }[];
}

export interface NormalisedEvent {
  _id: string;
  source: string;
  eventId: string;
  sourceType: string;
  orgUnit: string;
  metric: string;
  value: string | number | boolean;
  unit?: string;
  /** What the sender sent, when it was converted. */
  rawValue?: number;
  rawUnit?: string;
  observedAt: Date;
  location?: { lat: number; lon: number };
  suspect?: true;
  suspectReason?: string;
}

export type NormaliseResult = { ok: true; event: NormalisedEvent } | { ok: false; error: string };

/**
 * Checks one schema-valid reading against its source and brings it to the registry's units.
 * Pure: the caller looks the source up (and auto-registers it) first.
 */
export function normalise(e: IncomingEvent, source: SourceSpec | undefined): NormaliseResult {
  if (!source) return { ok: false, error: `source: unknown source '${e.source}' (not registered)` };
  if (source.disabled) return { ok: false, error: `source: source '${e.source}' is disabled` };
  const base = {
    _id: `${e.source}|${e.id}`,
    source: e.source,
    eventId: e.id,
    sourceType: source.type,
    orgUnit: source.unit,
    metric: e.metric,
    observedAt: new Date(e.observedAt), // ISO with offset → an instant, stored as UTC
    ...locationOf(e, source),
  };

  const metric = source.metrics.find((m) => m.key === e.metric);
  if (!metric) {
    if (source.openMetrics) return { ok: true, event: { ...base, value: e.value, ...(e.unit ? { unit: e.unit } : {}) } };
    return { ok: false, error: `metric: unknown metric '${e.metric}' for source '${e.source}' (known: ${source.metrics.map((m) => m.key).join(', ') || 'none'})` };
  }

  const target = metric.unit ?? '';
  let value = e.value;
  let raw: { rawValue: number; rawUnit: string } | undefined;
  if (e.unit !== undefined && e.unit.trim() !== '' && e.unit !== target) {
    if (typeof e.value !== 'number') return { ok: false, error: `unit: cannot convert a non-numeric value from '${e.unit}' to '${target}'` };
    const converted = target === '' ? undefined : convertUnit(e.value, e.unit, target);
    if (converted === undefined) return { ok: false, error: `unit: cannot convert '${e.unit}' to '${target || '(unitless)'}' for metric '${e.metric}'` };
    if (converted !== e.value) raw = { rawValue: e.value, rawUnit: e.unit };
    value = converted;
  }

  const event: NormalisedEvent = { ...base, value, ...(target ? { unit: target } : {}), ...raw };
  const outOfRange = rangeProblem(value, metric.min ?? undefined, metric.max ?? undefined, target);
  if (outOfRange) {
    event.suspect = true;
    event.suspectReason = outOfRange;
  }
  return { ok: true, event };
}

function rangeProblem(value: unknown, min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (typeof value !== 'number') return undefined;
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && value < min) return `value ${value}${u} below the valid minimum ${min}${u}`;
  if (max !== undefined && value > max) return `value ${value}${u} above the valid maximum ${max}${u}`;
  return undefined;
}

/** The reading's own location, else the source's registered one. */
function locationOf(e: IncomingEvent, source: SourceSpec): { location?: { lat: number; lon: number } } {
  if (e.location) return { location: e.location };
  const lat = source.location?.lat;
  const lon = source.location?.lon;
  return typeof lat === 'number' && typeof lon === 'number' ? { location: { lat, lon } } : {};
}
