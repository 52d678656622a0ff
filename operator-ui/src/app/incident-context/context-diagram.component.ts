import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { apiProblem } from '@ui/api-problem';
import { TranslatePipe } from '@ui/i18n';
import { SopDiagramComponent } from '../sop-diagram/sop-diagram.component';
import { ContextApi, type IncidentDiagram } from './context-api';

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

  protected readonly diagram = signal<IncidentDiagram | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      this.refresh();
      const id = this.incidentId();
      // Only the inputs trigger a fetch, not signals read on the way (the auth token in the interceptor).
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    try {
      // The same XML again is an equal string: the viewer's input does not change, it only re-marks the steps.
      this.diagram.set(await this.api.diagram(id));
      this.error.set(null);
    } catch (err) {
      this.error.set(apiProblem(err).message);
    }
  }
}
