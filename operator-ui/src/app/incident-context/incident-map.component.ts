import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, afterNextRender, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import type * as Leaflet from 'leaflet';
import { apiProblem } from '@ui/api-problem';
import { DONG_XOAI_CENTRE, addOptionalTiles, drawCityBase } from '@ui/city-map';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ContextApi, type IncidentPlace, type NearbySource } from './context-api';
import { MAP_TILES_URL, SEVERITY_COLOURS, mapBounds, sourcePins } from './incident-map';

/**
 * The incident on a Leaflet map of Đồng Xoài with the sources within 2 km, named. Leaflet loads on
 * first use; without a tile server the map is the city grid, the markers and a scale. Removed when destroyed.
 */
@Component({
  selector: 'op-incident-map',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #host class="map" data-test="incident-map"></div>
    @if (error(); as message) {
      <p class="banner error" role="alert">{{ message }}</p>
    } @else if (place() && !place()!.location) {
      <p class="muted">{{ 'context.map.noLocation' | t }}</p>
    } @else if (place()) {
      <p class="muted">{{ 'context.map.nearby' | t: { count: sources().length } }}</p>
    }
  `,
  styles: `
    .map {
      height: 300px;
      border: 1px solid var(--line);
      border-radius: 4px;
      background: #eef3ee;
    }
    .muted {
      color: var(--muted);
      font-size: 0.85rem;
      margin: 0.3rem 0 0;
    }
  `,
})
export class IncidentMapComponent {
  private readonly api = inject(ContextApi);
  private readonly i18n = inject(I18n);
  private readonly tilesUrl = inject(MAP_TILES_URL);
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);

  protected readonly place = signal<IncidentPlace | null>(null);
  protected readonly sources = signal<NearbySource[]>([]);
  protected readonly error = signal<string | null>(null);

  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private readonly map = signal<{ L: typeof Leaflet; map: Leaflet.Map; layer: Leaflet.LayerGroup } | null>(null);
  private destroyed = false;
  /** The view is fitted to the markers once; after that the user's pan and zoom are kept across refreshes. */
  private fitted = false;

  constructor() {
    afterNextRender(() => void this.create());
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.map()?.map.remove();
    });
    effect(() => {
      this.refresh();
      const id = this.incidentId();
      // Only the inputs trigger a fetch, not signals read on the way (the auth token in the interceptor).
      untracked(() => void this.load(id));
    });
    effect(() => this.draw());
  }

  private async load(id: string): Promise<void> {
    try {
      const place = await this.api.place(id);
      const sources = place.location ? await this.api.nearbySources(place.location) : [];
      this.place.set(place);
      this.sources.set(sources);
      this.error.set(null);
    } catch (err) {
      this.error.set(apiProblem(err).message);
    }
  }

  private async create(): Promise<void> {
    const L = await import('leaflet/dist/leaflet-src.esm.js');
    if (this.destroyed) return;
    const map = L.map(this.host().nativeElement, { center: [DONG_XOAI_CENTRE.lat, DONG_XOAI_CENTRE.lon], zoom: 14, attributionControl: false });
    addOptionalTiles(L, map, this.tilesUrl);
    drawCityBase(L, map);
    this.map.set({ L, map, layer: L.layerGroup().addTo(map) });
  }

  private draw(): void {
    const m = this.map();
    const place = this.place();
    if (!m || !place) return;
    const { L, layer } = m;
    layer.clearLayers();
    const pins = sourcePins(this.sources(), this.i18n.lang() === 'vi');
    for (const p of pins) {
      L.circleMarker([p.lat, p.lon], { radius: 6, color: '#37474f', weight: 1, fillColor: '#78909c', fillOpacity: 0.85 })
        .bindTooltip(p.label, { permanent: p.named, direction: 'right', offset: [8, 0] })
        .addTo(layer);
    }
    if (place.location) {
      const colour = SEVERITY_COLOURS[place.severity] ?? SEVERITY_COLOURS.warning;
      L.circleMarker([place.location.lat, place.location.lon], { radius: 11, color: '#fff', weight: 3, fillColor: colour, fillOpacity: 0.95 })
        .bindTooltip(`${place.title} (${this.i18n.t('severity.' + place.severity)})`, { direction: 'top', offset: [0, -10] })
        .addTo(layer);
    }
    const bounds = mapBounds(place, pins);
    if (bounds && !this.fitted) {
      this.fitted = true;
      if (pins.length) m.map.fitBounds(bounds, { padding: [36, 36], maxZoom: 16 });
      else m.map.setView(bounds[0], 15);
    }
  }
}
