import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, afterNextRender, computed, effect, inject, input, output, signal, viewChild } from '@angular/core';
import type * as Leaflet from 'leaflet';
import { I18n, TranslatePipe } from '@ui/i18n';
import { SEVERITY_COLOURS, clusterPoints, type Cluster, type MapPoint } from './clusters';
import type { MetricsIncident } from './metrics-types';

/** Where the map opens when nothing has a location: the middle of Đồng Xoài. */
const DONG_XOAI = { lat: 11.535, lon: 106.883 };
/** The city and its communes with a margin: the reference grid covers it. */
const AREA = { south: 11.44, west: 106.78, north: 11.64, east: 106.99 };
const GRID_STEP = 0.01;

/**
 * The incidents of the period on a Leaflet map, grid-clustered for the current zoom and coloured
 * by each cluster's worst severity. A single incident opens on click; a cluster zooms in and lists
 * its incidents. No tile server is needed (none is reachable offline): points go on a plain
 * background with a 0.01° grid; `tileUrl` adds a tile layer that removes itself on its first error.
 */
@Component({
  selector: 'op-incident-map',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #host class="map" data-test="incident-map"></div>
    @if (failed()) {
      <p class="error">{{ 'dashboard.mapUnavailable' | t }}</p>
    }
    @if (unlocated()) {
      <p class="muted" data-test="map-unlocated">{{ 'dashboard.mapNoLocation' | t: { count: unlocated() } }}</p>
    }
  `,
  styles: `
    .map {
      height: 380px;
      width: 100%;
      border: 1px solid var(--line, #d0d7de);
      border-radius: 4px;
      background: #eef3ee;
    }
  `,
})
export class IncidentMap {
  private readonly i18n = inject(I18n);
  readonly incidents = input<readonly MetricsIncident[]>([]);
  readonly tileUrl = input<string | null>(null);
  readonly incidentPicked = output<string>();
  readonly clusterPicked = output<string[]>();

  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private readonly map = signal<{ L: typeof Leaflet; map: Leaflet.Map; points: Leaflet.LayerGroup } | null>(null);
  private readonly zoom = signal(13);
  protected readonly failed = signal(false);
  private destroyed = false;

  private readonly located = computed<MapPoint[]>(() =>
    this.incidents()
      .filter((i) => i.lat !== null && i.lon !== null)
      .map((i) => ({ id: i.id, lat: i.lat!, lon: i.lon!, severity: i.severity })),
  );
  protected readonly unlocated = computed(() => this.incidents().length - this.located().length);
  private readonly titles = computed(() => new Map(this.incidents().map((i) => [i.id, i.title])));

  constructor() {
    afterNextRender(() => void this.create());
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.map()?.map.remove();
    });
    // Other incidents (a new filter, a new one opened): bring them all into view. A refresh of the
    // same incidents keeps the leader's zoom, so a wall screen does not jump back every minute.
    let fitted = '';
    effect(() => {
      const m = this.map();
      const points = this.located();
      const key = points
        .map((p) => p.id)
        .sort()
        .join(',');
      if (!m || !points.length || key === fitted) return;
      fitted = key;
      m.map.fitBounds(m.L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])), { padding: [24, 24], maxZoom: 15 });
    });
    // Re-cluster at every zoom level and whenever the incidents change.
    effect(() => {
      const m = this.map();
      const clusters = clusterPoints(this.located(), this.zoom());
      if (m) this.draw(m, clusters);
    });
  }

  private draw(m: { L: typeof Leaflet; map: Leaflet.Map; points: Leaflet.LayerGroup }, clusters: Cluster[]): void {
    const { L } = m;
    m.points.clearLayers();
    for (const c of clusters) {
      const colour = SEVERITY_COLOURS[c.worst];
      if (c.count === 1) {
        const id = c.ids[0]!;
        // The classes name the point for browser tests (`.op-incident-point.op-sev-critical`).
        L.circleMarker([c.lat, c.lon], { radius: 8, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 0.95, className: `op-incident-point op-sev-${c.worst}` })
          .bindTooltip(this.titles().get(id) ?? id)
          .on('click', () => this.incidentPicked.emit(id))
          .addTo(m.points);
      } else {
        const size = Math.min(48, 24 + Math.round(Math.log2(c.count) * 5));
        const icon = L.divIcon({
          className: `op-cluster op-sev-${c.worst}`,
          iconSize: [size, size],
          html: `<span style="display:flex;align-items:center;justify-content:center;width:${size}px;height:${size}px;border-radius:50%;background:${colour};color:#fff;font-weight:700;border:2px solid #fff;box-shadow:0 0 0 1px ${colour}">${c.count}</span>`,
        });
        L.marker([c.lat, c.lon], { icon, keyboard: true, title: this.i18n.t('dashboard.mapCluster', { count: c.count }) })
          .on('click', () => {
            this.clusterPicked.emit(c.ids);
            m.map.setView([c.lat, c.lon], Math.min(m.map.getZoom() + 2, 18));
          })
          .addTo(m.points);
      }
    }
  }

  private async create(): Promise<void> {
    let L: typeof Leaflet;
    try {
      L = await import('leaflet/dist/leaflet-src.esm.js');
    } catch {
      this.failed.set(true);
      return;
    }
    if (this.destroyed) return;
    const map = L.map(this.host().nativeElement, { center: [DONG_XOAI.lat, DONG_XOAI.lon], zoom: 13, attributionControl: false });
    const url = this.tileUrl();
    if (url) {
      const tiles = L.tileLayer(url, { maxZoom: 18 }).addTo(map);
      // Offline (the usual case here): drop the layer on its first failed tile instead of a grey checkerboard.
      tiles.once('tileerror', () => tiles.remove());
    }
    for (let lat = Math.ceil(AREA.south / GRID_STEP) * GRID_STEP; lat <= AREA.north; lat += GRID_STEP)
      L.polyline(
        [
          [lat, AREA.west],
          [lat, AREA.east],
        ],
        { color: '#cfd8dc', weight: 1, interactive: false },
      ).addTo(map);
    for (let lon = Math.ceil(AREA.west / GRID_STEP) * GRID_STEP; lon <= AREA.east; lon += GRID_STEP)
      L.polyline(
        [
          [AREA.south, lon],
          [AREA.north, lon],
        ],
        { color: '#cfd8dc', weight: 1, interactive: false },
      ).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    const points = L.layerGroup().addTo(map);
    map.on('zoomend', () => this.zoom.set(map.getZoom()));
    this.map.set({ L, map, points });
    this.zoom.set(map.getZoom());
  }
}
