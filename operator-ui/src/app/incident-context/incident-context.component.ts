import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { ContextDiagramComponent } from './context-diagram.component';
import { IncidentMapComponent } from './incident-map.component';
import { ReadingsChartComponent } from './readings-chart.component';
import { IncidentTimelineComponent } from './timeline.component';

/**
 * The incident's context on the task and incident pages: triggering readings as a chart, the
 * location on a Leaflet map of Đồng Xoài with nearby sources, the timeline, and the SOP diagram with
 * done/active/pending steps. Each part is its own deferred chunk, loaded when it scrolls into view
 * (so ECharts, Leaflet and bpmn-js stay out of the pages' bundles), and refetches when `refresh` changes.
 */
@Component({
  selector: 'op-incident-context',
  imports: [ReadingsChartComponent, IncidentMapComponent, IncidentTimelineComponent, ContextDiagramComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="context" data-test="incident-context">
      <div class="part card">
        <h2>{{ 'context.readings' | t }}</h2>
        @defer (on viewport; prefetch on idle) {
          <op-readings-chart [incidentId]="incidentId()" [refresh]="refresh()" />
        } @placeholder {
          <div class="placeholder"></div>
        } @loading {
          <p class="muted">{{ 'common.loading' | t }}</p>
        }
      </div>
      <div class="part card">
        <h2>{{ 'context.map' | t }}</h2>
        @defer (on viewport; prefetch on idle) {
          <op-incident-map [incidentId]="incidentId()" [refresh]="refresh()" />
        } @placeholder {
          <div class="placeholder"></div>
        }
      </div>
      <div class="part card">
        <h2>{{ 'context.timeline' | t }}</h2>
        @defer (on viewport; prefetch on idle) {
          <op-incident-timeline [incidentId]="incidentId()" [refresh]="refresh()" />
        } @placeholder {
          <div class="placeholder"></div>
        }
      </div>
      <div class="part card">
        <h2>{{ 'context.diagram' | t }}</h2>
        @defer (on viewport; prefetch on idle) {
          <op-context-diagram [incidentId]="incidentId()" [refresh]="refresh()" />
        } @placeholder {
          <div class="placeholder"></div>
        }
      </div>
    </section>
  `,
  styles: `
    .context {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0 1rem;
    }
    .part {
      min-width: 0;
      /* A chart's canvas keeps its old width until its resize runs: never let it widen the page. */
      overflow: hidden;
    }
    h2 {
      margin-top: 0;
    }
    .placeholder {
      height: 280px;
    }
    .muted {
      color: var(--muted);
    }
    @media (max-width: 900px) {
      .context {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class IncidentContextComponent {
  readonly incidentId = input.required<string>();
  /** Bumped by the page when a live change concerns this incident, so the context refetches. */
  readonly refresh = input(0);
}
