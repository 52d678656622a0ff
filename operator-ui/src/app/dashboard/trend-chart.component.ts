import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { I18n, TranslatePipe } from '@ui/i18n';
import { trendChartOption } from './chart-options';
import { formatDuration } from './durations';
import type { TrendBucket } from './metrics-types';

/** MTTA and MTTR per day (or week for long periods). */
@Component({
  selector: 'op-trend-chart',
  imports: [NgxEchartsDirective, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (buckets().length) {
      <div echarts class="chart" role="img" [attr.aria-label]="'dashboard.trend' | t" [options]="option()" [autoResize]="true" data-test="trend-chart"></div>
    } @else {
      <p class="muted">{{ 'dashboard.empty' | t }}</p>
    }
  `,
  styles: `
    .chart {
      width: 100%;
      height: 280px;
    }
  `,
})
export class TrendChart {
  private readonly i18n = inject(I18n);
  readonly buckets = input<readonly TrendBucket[]>([]);
  readonly bucket = input<'day' | 'week'>('day');

  protected readonly option = computed(() => {
    const lang = this.i18n.lang();
    return trendChartOption(this.buckets(), this.bucket(), {
      mtta: this.i18n.t('dashboard.mtta'),
      mttr: this.i18n.t('dashboard.mttr'),
      week: this.i18n.t('dashboard.week'),
      duration: (ms) => formatDuration(ms, lang),
    });
  });
}
