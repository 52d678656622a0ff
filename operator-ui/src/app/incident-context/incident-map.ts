import { InjectionToken } from '@angular/core';
import type { LatLon } from '@ui/city-map';
import type { IncidentPlace, NearbySource, Severity } from './context-api';

/** A tile server URL template for the maps (e.g. an in-city tile cache); none by default. */
export const MAP_TILES_URL = new InjectionToken<string | null>('cityops.mapTilesUrl', { factory: () => null });

/** The incident's marker colour: the app's severity colours (styles.css). */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = { info: '#1565c0', warning: '#ef8f00', critical: '#c62828' };

export interface SourcePin extends LatLon {
  id: string;
  /** The name and, when known, how far it is: "Cầu 11 Suối Rạt · 400 m". */
  label: string;
  /** Named on the map itself (the nearest few); the others on hover or tap, so labels do not pile up. */
  named: boolean;
}

/** How many of the nearest sources carry their name on the map. */
export const NAMED_SOURCES = 3;

/** A distance as people say it: metres under a kilometre, else kilometres to one decimal (decimal comma in Vietnamese). */
export function distanceText(km: number, decimalComma: boolean): string {
  if (km < 0.01) return '< 10 m';
  if (km < 1) return `${Math.round((km * 1000) / 10) * 10} m`;
  const text = `${km.toFixed(1)} km`;
  return decimalComma ? text.replace('.', ',') : text;
}

/** The nearby sources that can be drawn (those with a location), nearest first. */
export function sourcePins(sources: readonly NearbySource[], decimalComma: boolean): SourcePin[] {
  return sources
    .filter((s): s is NearbySource & { location: LatLon } => !!s.location && Number.isFinite(s.location.lat) && Number.isFinite(s.location.lon))
    .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity))
    .map((s, i) => ({
      id: s.id,
      lat: s.location.lat,
      lon: s.location.lon,
      label: `${s.name || s.id}${s.distanceKm === undefined ? '' : ` · ${distanceText(s.distanceKm, decimalComma)}`}`,
      named: i < NAMED_SOURCES,
    }));
}

/** The box the map opens on: the incident and its sources (Leaflet's [[south, west], [north, east]]). */
export function mapBounds(place: IncidentPlace, pins: readonly LatLon[]): [[number, number], [number, number]] | null {
  const all = [...(place.location ? [place.location] : []), ...pins];
  if (!all.length) return null;
  const lats = all.map((p) => p.lat);
  const lons = all.map((p) => p.lon);
  return [
    [Math.min(...lats), Math.min(...lons)],
    [Math.max(...lats), Math.max(...lons)],
  ];
}
