import { InjectionToken } from '@angular/core';
import type { LatLon } from '@ui/city-map';
import type { IncidentPlace, NearbySource, Severity } from './context-api';

/** A tile server URL template for the maps (e.g. an in-city tile cache); none by default. */
export const MAP_TILES_URL = new InjectionToken<string | null>('cityops.mapTilesUrl', { factory: () => null });

/** The incident's marker colour: the app's severity colours (styles.css). */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = { info: '#1565c0', warning: '#ef8f00', critical: '#c62828' };

export interface SourcePin extends LatLon {
  id: string;
  /** The name and, when known, how far it is: "Cầu 11 Suối Rạt · 0.4 km". */
  label: string;
}

/** The nearby sources that can be drawn (those with a location), nearest first, the incident's own location excluded. */
export function sourcePins(sources: readonly NearbySource[], decimalComma: boolean): SourcePin[] {
  return sources
    .filter((s): s is NearbySource & { location: LatLon } => !!s.location && Number.isFinite(s.location.lat) && Number.isFinite(s.location.lon))
    .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity))
    .map((s) => {
      const km = s.distanceKm === undefined ? '' : ` · ${s.distanceKm.toFixed(1)} km`;
      return { id: s.id, lat: s.location.lat, lon: s.location.lon, label: `${s.name || s.id}${decimalComma ? km.replace('.', ',') : km}` };
    });
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
