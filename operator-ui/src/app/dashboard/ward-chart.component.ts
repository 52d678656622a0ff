import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import type { ECElementEvent } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { I18n, TranslatePipe } from '@ui/i18n';
import { wardAt, wardChartOption } from './chart-options';
import type { Severity, WardRow } from './metrics-types';

/** Open incidents per ward, stacked by severity; a click on a bar lists that ward's incidents. */
@Component({
  selector: 'op-ward-chart',
  imports: [NgxEchartsDirective, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (rows().length) {
      <div
        echarts
        class="chart"
        role="img"
        [attr.aria-label]="'dashboard.byWard' | t"
        [style.height.px]="height()"
        [options]="option()"
        [autoResize]="true"
        (chartClick)="pick($event)"
        data-test="ward-chart"
      ></div>
    } @else {
      <p class="muted">{{ 'dashboard.empty' | t }}</p>
    }
  `,
  styles: `
    .chart {
      width: 100%;
      cursor: pointer;
    }
  `,
})
export class WardChart {
  private readonly i18n = inject(I18n);
  readonly rows = input<readonly WardRow[]>([]);
  readonly wardPicked = output<WardRow>();

  /** One 28-pixel bar per ward plus the legend: the chart grows with the wards instead of squeezing them. */
  protected readonly height = computed(() => Math.max(180, 60 + this.rows().length * 28));
  protected readonly option = computed(() => wardChartOption(this.rows(), { severity: (s: Severity) => this.i18n.t(`severity.${s}`), noWard: this.i18n.t('dashboard.noWard') }));

  pick(e: ECElementEvent): void {
    const row = wardAt(this.rows(), e.dataIndex);
    if (row) this.wardPicked.emit(row);
  }
}
