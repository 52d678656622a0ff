import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, afterNextRender, effect, inject, input, output, signal, viewChild } from '@angular/core';
import type * as Leaflet from 'leaflet';
import { DONG_XOAI_CENTRE, drawCityBase } from '@ui/city-map';
import { roundLatLon, type LatLon } from './map-point';

export interface MapMarker extends LatLon {
  id: string;
  name: string;
}

/**
 * The one owner of a Leaflet map: loads Leaflet on first use, draws the other sources and the
 * picked location, emits a rounded location on click, and removes the map when destroyed.
 * No tile server: a plain background with a 0.01° grid, the markers and a scale (nothing leaves loopback).
 */
@Component({
  selector: 'adm-location-map',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div #host class="map" data-test="location-map"></div>`,
  styles: `
    .map {
      height: 420px;
      border: 1px solid var(--line);
      border-radius: 4px;
      background: #eef3ee;
      cursor: crosshair;
    }
  `,
})
export class LocationMap {
  readonly value = input<LatLon | null>(null);
  readonly markers = input<readonly MapMarker[]>([]);
  readonly picked = output<LatLon>();

  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private readonly map = signal<{ L: typeof Leaflet; map: Leaflet.Map; others: Leaflet.LayerGroup; chosen: Leaflet.LayerGroup } | null>(null);
  private destroyed = false;
  private lastPicked: LatLon | null = null;

  constructor() {
    afterNextRender(() => void this.create());
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.map()?.map.remove();
    });
    effect(() => {
      const m = this.map();
      if (!m) return;
      m.others.clearLayers();
      for (const s of this.markers()) {
        m.L.circleMarker([s.lat, s.lon], { radius: 6, color: '#37474f', weight: 1, fillColor: '#78909c', fillOpacity: 0.8 }).bindTooltip(s.name).addTo(m.others);
      }
    });
    effect(() => {
      const m = this.map();
      const v = this.value();
      if (!m) return;
      m.chosen.clearLayers();
      // A location that came from outside (a loaded source, typed coordinates) is brought into view; a click is already in view.
      if (v && v !== this.lastPicked && !m.map.getBounds().contains([v.lat, v.lon])) m.map.panTo([v.lat, v.lon]);
      if (v) m.L.circleMarker([v.lat, v.lon], { radius: 9, color: '#b71c1c', weight: 3, fillColor: '#e53935', fillOpacity: 0.9 }).addTo(m.chosen);
    });
  }

  private async create(): Promise<void> {
    const L = await import('leaflet/dist/leaflet-src.esm.js');
    if (this.destroyed) return;
    const start = this.value() ?? DONG_XOAI_CENTRE;
    const map = L.map(this.host().nativeElement, { center: [start.lat, start.lon], zoom: 14, attributionControl: false });
    drawCityBase(L, map);
    const others = L.layerGroup().addTo(map);
    const chosen = L.layerGroup().addTo(map);
    map.on('click', (e: Leaflet.LeafletMouseEvent) => {
      this.lastPicked = roundLatLon(e.latlng.lat, e.latlng.lng);
      this.picked.emit(this.lastPicked);
    });
    this.map.set({ L, map, others, chosen });
  }
}
