import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { SopDiagramComponent } from '../sop-diagram/sop-diagram.component';
import { ContextApi } from './context-api';
import { refetching } from './refetching';

/** The SOP version the incident runs, with its steps marked done, active, failed … (bpmn-js loads with it). */
@Component({
  selector: 'op-context-diagram',
  imports: [SopDiagramComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <p class="banner error" role="alert">{{ message }}</p>
    } @else if (diagram(); as d) {
      <p class="muted">{{ 'context.diagram.version' | t: { key: d.sopKey, version: d.version } }}</p>
      <op-sop-diagram [xml]="d.xml" [states]="d.steps" />
      @if (d.live === false) {
        <p class="muted" data-test="diagram-not-live">{{ 'context.diagram.notLive' | t }}</p>
      }
    } @else {
      <p class="muted">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .muted {
      color: var(--muted);
      font-size: 0.85rem;
      margin: 0 0 0.3rem;
    }
  `,
})
export class ContextDiagramComponent {
  private readonly api = inject(ContextApi);
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);

  private readonly fetched = refetching(this.incidentId, this.refresh, (id) => this.api.diagram(id));
  // The same XML again is an equal string: the viewer's input does not change, it only re-marks the steps.
  protected readonly diagram = this.fetched.value;
  protected readonly error = this.fetched.error;
}
