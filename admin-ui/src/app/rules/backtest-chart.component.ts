import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { I18n } from '@ui/i18n';
import { backtestChartOption, type BacktestResult } from './backtest-chart';
import type { LevelDraft, Severity } from './rule-draft';

/** The metric over the backtest range with thresholds and where the rule would have fired and cleared. */
@Component({
  selector: 'adm-backtest-chart',
  imports: [NgxEchartsDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div echarts class="chart" [options]="option()" data-test="backtest-chart"></div>`,
  styles: `
    .chart {
      height: 340px;
      width: 100%;
    }
  `,
})
export class BacktestChart {
  private readonly i18n = inject(I18n);
  readonly result = input.required<BacktestResult>();
  readonly levels = input.required<readonly LevelDraft[]>();
  readonly clear = input<{ op: string; value: number | null } | null>(null);
  readonly rangeEnd = input.required<string>();

  protected readonly option = computed(() => {
    const t = (k: string) => this.i18n.t(k);
    return backtestChartOption(
      this.result(),
      this.levels(),
      this.clear(),
      this.rangeEnd(),
      {
        value: t('chart.value'),
        fired: t('chart.fired'),
        raised: t('chart.raised'),
        cleared: t('chart.cleared'),
        clear: t('chart.clear'),
        firing: t('chart.firing'),
        severity: (s: Severity) => t(`severity.${s}`),
      },
      this.i18n.lang() === 'vi' ? 'vi-VN' : 'en-GB',
    );
  });
}
