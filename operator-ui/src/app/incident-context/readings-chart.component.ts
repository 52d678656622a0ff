import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n, TranslatePipe } from '@ui/i18n';
import { NgxEchartsDirective } from 'ngx-echarts';
import { ContextApi } from './context-api';
import { refetching } from './refetching';
import { readingsChartOption } from './readings-chart';

/** The readings that triggered the incident, as a line chart with the triggering points marked (ECharts loads with it). */
@Component({
  selector: 'op-readings-chart',
  imports: [NgxEchartsDirective, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <p class="banner error" role="alert">{{ message }}</p>
    } @else if (readings(); as r) {
      @if (r.series.length) {
        <div echarts class="chart" [options]="option()" data-test="readings-chart"></div>
      } @else {
        <p class="muted" data-test="readings-chart">{{ 'context.readings.none' | t }}</p>
      }
    } @else {
      <p class="muted">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .chart {
      height: 280px;
      width: 100%;
    }
    .muted {
      color: var(--muted);
    }
  `,
})
export class ReadingsChartComponent {
  private readonly api = inject(ContextApi);
  private readonly i18n = inject(I18n);
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);

  private readonly fetched = refetching(this.incidentId, this.refresh, (id) => this.api.readings(id));
  protected readonly readings = this.fetched.value;
  protected readonly error = this.fetched.error;
  protected readonly option = computed(() => {
    const r = this.readings();
    return r ? readingsChartOption(r, { trigger: this.i18n.t('context.readings.trigger') }, this.i18n.lang() === 'vi' ? 'vi-VN' : 'en-GB') : {};
  });
}
