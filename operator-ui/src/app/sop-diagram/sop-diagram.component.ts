import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, computed, effect, inject, input, untracked, viewChild } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { BpmnViewerHost, type BpmnCanvas, type BpmnOverlays, type BpmnViewer } from '@ui/bpmn-viewer-host';
import { HEAT_GRADIENT, LEGEND_STATES, STEP_MARKERS, heatColour, markerClass } from './diagram-marks';

export type StepState = 'done' | 'active' | 'failed' | 'skipped' | 'cancelled';

/** A value drawn over one BPMN element in heat mode (e.g. average step duration) and its label. */
export interface StepHeat {
  /** 0..1, how hot (1 = slowest). */
  level: number;
  label: string;
}

interface ElementRegistry {
  get(id: string): { waypoints?: unknown } | undefined;
  getGraphics(id: string): SVGElement | undefined;
}

const HEAT_OVERLAY = 'cityops-heat';

/**
 * A read-only bpmn-js viewer: lazily loads bpmn-js's NavigatedViewer (its own chunk, with its
 * stylesheet linked on first use), imports `xml` and fits it, marks elements by `states` (done,
 * active, failed …) or, for the leaders' dashboard, colours them by `heat` with the label as an
 * overlay. Pending = no entry. Markers follow the inputs; the viewer is destroyed with the component.
 */
@Component({
  selector: 'op-sop-diagram',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="wrap" data-test="sop-diagram" [attr.data-ready]="ready() ? 'true' : null">
      <div #canvas class="canvas"></div>
      @if (!ready() && !error()) {
        <p class="note">{{ 'diagram.loading' | t }}</p>
      }
      @if (error(); as message) {
        <p class="banner error" role="alert">{{ 'diagram.failed' | t: { message } }}</p>
      }
      <div class="legend" [attr.aria-label]="'diagram.legend' | t">
        @if (legend()) {
          @if (heatMode()) {
            <span>{{ 'diagram.heat.fast' | t }}</span>
            <span class="gradient" [style.background]="gradient"></span>
            <span>{{ 'diagram.heat.slow' | t }}</span>
          } @else {
            @for (state of legendStates; track state) {
              <span class="key"><span class="swatch" [class]="state"></span>{{ 'diagram.state.' + state | t }}</span>
            }
          }
        }
        <button type="button" class="fit" (click)="fit()" [disabled]="!ready()">{{ 'diagram.fit' | t }}</button>
      </div>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .wrap {
      position: relative;
    }
    .canvas {
      height: 360px;
      background: #fff;
      border: 1px solid var(--line);
      border-radius: 4px;
      overflow: hidden;
    }
    .note {
      position: absolute;
      top: 0.5rem;
      left: 0.75rem;
      margin: 0;
      color: var(--muted);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem 0.9rem;
      margin-top: 0.4rem;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .key {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
    }
    .swatch {
      width: 14px;
      height: 10px;
      border: 2px solid #90a4ae;
      border-radius: 3px;
      background: #fff;
    }
    .swatch.active {
      border-color: #1565c0;
    }
    .swatch.done {
      border-color: #2e7d32;
      background: #e8f5e9;
    }
    .swatch.failed {
      border-color: #c62828;
      background: #fdecea;
    }
    .swatch.skipped,
    .swatch.cancelled {
      border-color: #9e9e9e;
      background: #eeeeee;
    }
    .gradient {
      width: 120px;
      height: 10px;
      border-radius: 3px;
    }
    .fit {
      margin-left: auto;
      padding: 0.15rem 0.6rem;
    }
    @media (max-width: 640px) {
      .canvas {
        height: 280px;
      }
    }
  `,
})
export class SopDiagramComponent {
  readonly xml = input.required<string>();
  readonly states = input<Record<string, StepState>>({});
  readonly heat = input<Record<string, StepHeat>>({});
  /** Whether the viewer draws its own legend (a page with a legend of its own turns it off). */
  readonly legend = input(true);

  protected readonly legendStates = LEGEND_STATES;
  protected readonly gradient = HEAT_GRADIENT;
  protected readonly heatMode = computed(() => Object.keys(this.heat()).length > 0);
  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('canvas');
  /** Shapes whose fill heat mode replaced, with bpmn-js's own (inline) fill to put back. */
  private heated: { shape: SVGElement; fill: string }[] = [];
  private marked: string[] = [];
  private readonly viewer = new BpmnViewerHost(
    () => this.host().nativeElement,
    () => {
      // A fresh import drew new graphics: nothing from the last one is marked any more.
      this.marked = [];
      this.heated = [];
    },
  );
  protected readonly error = this.viewer.error;
  /** The viewer once the current XML is imported (markers are drawn only then). */
  protected readonly ready = this.viewer.ready;

  constructor() {
    effect(() => {
      const xml = this.xml();
      untracked(() => void this.viewer.show(xml));
    });
    effect(() => {
      const viewer = this.ready();
      if (viewer) this.mark(viewer, this.states(), this.heat());
    });
    inject(DestroyRef).onDestroy(() => this.viewer.destroy());
  }

  protected fit(): void {
    this.viewer.fit();
  }

  /** Takes off what the last apply drew, then marks each element's state, or colours it by heat. */
  private mark(viewer: BpmnViewer, states: Record<string, StepState>, heat: Record<string, StepHeat>): void {
    const canvas = viewer.get<BpmnCanvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    const overlays = viewer.get<BpmnOverlays>('overlays');
    for (const id of this.marked) for (const m of STEP_MARKERS) canvas.removeMarker(id, m);
    for (const { shape, fill } of this.heated) shape.style.setProperty('fill', fill);
    overlays.remove({ type: HEAT_OVERLAY });
    this.marked = [];
    this.heated = [];

    for (const [id, state] of Object.entries(states)) {
      const marker = markerClass(state);
      if (!marker || !registry.get(id)) continue;
      canvas.addMarker(id, marker);
      this.marked.push(id);
    }
    for (const [id, h] of Object.entries(heat)) {
      const element = registry.get(id);
      if (!element || element.waypoints) continue; // shapes only: a sequence flow has no fill
      const shape = registry.getGraphics(id)?.querySelector<SVGElement>('.djs-visual > :first-child');
      if (shape) {
        this.heated.push({ shape, fill: shape.style.getPropertyValue('fill') });
        shape.style.setProperty('fill', heatColour(h.level));
      }
      const badge = document.createElement('div');
      badge.className = 'sop-heat-badge';
      badge.dataset['test'] = 'heat-label';
      badge.dataset['elementId'] = id;
      badge.textContent = h.label;
      overlays.add(id, HEAT_OVERLAY, { position: { top: -14, left: 0 }, html: badge });
    }
  }
}
