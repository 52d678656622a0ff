import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { I18n, TranslatePipe } from '@ui/i18n';
import { SopDiagramComponent } from '../sop-diagram/sop-diagram.component';
import { formatDuration } from './durations';
import { HEAT_GRADIENT } from '../sop-diagram/diagram-marks';
import { heatLevels } from './heat';
import type { SopOption, Steps } from './metrics-types';

/**
 * Step durations drawn over one SOP's BPMN diagram: the leader picks the SOP (the SOP filter
 * picks it when set), the steps of that SOP come with its diagram, each step is coloured by its
 * average total time relative to the slowest and labelled "TB 42 phút".
 */
@Component({
  selector: 'op-step-heatmap',
  imports: [SopDiagramComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label class="pick">
      {{ 'dashboard.heatSop' | t }}
      <select data-test="heat-sop" [value]="sop() ?? ''" (change)="sopChange.emit($any($event.target).value || null)">
        <option value="">—</option>
        @for (s of sops(); track s.key) {
          <option [value]="s.key" [selected]="s.key === sop()">{{ s.name }}</option>
        }
      </select>
    </label>
    @if (!sop()) {
      <p class="muted">{{ 'dashboard.heatPick' | t }}</p>
    } @else if (data(); as d) {
      @if (d.diagram; as diagram) {
        <div class="legend">
          <span class="scale" [style.background]="gradient"></span>
          {{ 'dashboard.heatLegend' | t }}
        </div>
        <op-sop-diagram class="diagram" [xml]="diagram.xml" [heat]="heat()" [legend]="false" />
      } @else {
        <p class="muted" data-test="heat-no-diagram">{{ 'dashboard.heatNoDiagram' | t }}</p>
      }
    }
  `,
  styles: `
    .pick {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      justify-content: flex-start;
      flex-wrap: wrap;
      margin-bottom: 0.5rem;
    }
    .pick select {
      max-width: 100%;
    }
    .legend {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-size: 0.8rem;
      color: #546e7a;
    }
    .scale {
      display: inline-block;
      width: 6rem;
      height: 0.6rem;
      border-radius: 3px;
    }
    .diagram {
      display: block;
      min-height: 320px;
      max-width: 100%;
      overflow: hidden;
    }
  `,
})
export class StepHeatmap {
  private readonly i18n = inject(I18n);
  readonly sops = input<readonly SopOption[]>([]);
  readonly sop = input<string | null>(null);
  readonly data = input<Steps | null>(null);
  readonly sopChange = output<string | null>();

  // The diagram's own colour scale, so the legend matches the fills.
  protected readonly gradient = HEAT_GRADIENT;
  protected readonly heat = computed(() => {
    const lang = this.i18n.lang();
    const sop = this.sop();
    return sop ? heatLevels(this.data()?.steps ?? [], sop, (ms) => this.i18n.t('dashboard.heatLabel', { duration: formatDuration(ms, lang) })) : {};
  });
}
