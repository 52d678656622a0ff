import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import type { ECElementEvent } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { I18n, TranslatePipe } from '@ui/i18n';
import { slowestSteps, stepAt, stepsChartOption } from './chart-options';
import { formatDuration } from './durations';
import type { StepMetrics } from './metrics-types';

/**
 * The slowest steps of the period ranked by average total time, split into waiting and working,
 * with the p90; the same ranking as a list under the chart (exact numbers, readable on a phone).
 * A click on a step shows its SOP on the diagram and lists that SOP's incidents.
 */
@Component({
  selector: 'op-slow-steps',
  imports: [NgxEchartsDirective, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ranked().length) {
      <div
        echarts
        class="chart"
        role="img"
        [attr.aria-label]="'dashboard.slowSteps' | t"
        [style.height.px]="height()"
        [options]="option()"
        [autoResize]="true"
        (chartClick)="pickAt($event)"
        data-test="steps-chart"
      ></div>
      <ol class="list">
        @for (s of ranked(); track s.sopKey + '/' + s.stepId) {
          <li>
            <button type="button" data-test="slow-step" (click)="stepPicked.emit(s)">
              <span class="name">{{ s.name }}</span>
              <span class="sop">{{ sopName()(s.sopKey) }}</span>
              <span class="nums">
                {{ 'dashboard.avg' | t }} <strong>{{ d(s.totalAvgMs) }}</strong> · {{ 'dashboard.p90' | t }} {{ d(s.totalP90Ms) }} · {{ 'dashboard.wait' | t }}
                {{ d(s.waitAvgMs) }} · {{ 'dashboard.work' | t }} {{ d(s.workAvgMs) }} · {{ 'dashboard.stepCount' | t: { count: s.count } }}
                @if (s.slaMissed) {
                  · <strong class="overdue">{{ 'dashboard.slaMissed' | t: { count: s.slaMissed } }}</strong>
                }
              </span>
            </button>
          </li>
        }
      </ol>
    } @else {
      <p class="muted">{{ 'dashboard.empty' | t }}</p>
    }
  `,
  styles: `
    .chart {
      width: 100%;
      cursor: pointer;
    }
    .list {
      margin: 0.5rem 0 0;
      padding-left: 1.5rem;
      font-size: 0.85rem;
    }
    .list button {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.5rem;
      width: 100%;
      text-align: left;
      background: none;
      border: 0;
      padding: 0.2rem 0;
      font: inherit;
      cursor: pointer;
    }
    .list button:hover,
    .list button:focus-visible {
      background: #f5f8fa;
    }
    .name {
      font-weight: 600;
    }
    .sop {
      color: #546e7a;
    }
    .nums {
      flex-basis: 100%;
      color: #37474f;
    }
    .overdue {
      color: var(--overdue);
    }
  `,
})
export class SlowSteps {
  private readonly i18n = inject(I18n);
  readonly steps = input<readonly StepMetrics[]>([]);
  readonly sopName = input<(key: string) => string>((key) => key);
  readonly stepPicked = output<StepMetrics>();

  protected readonly ranked = computed(() => slowestSteps(this.steps()));
  protected readonly height = computed(() => Math.max(180, 60 + this.ranked().length * 30));
  protected readonly option = computed(() => {
    const lang = this.i18n.lang();
    return stepsChartOption(
      this.ranked(),
      { wait: this.i18n.t('dashboard.wait'), work: this.i18n.t('dashboard.work'), p90: this.i18n.t('dashboard.p90'), duration: (ms) => formatDuration(ms, lang) },
      this.sopName(),
    );
  });

  protected d(ms: number | null): string {
    return formatDuration(ms, this.i18n.lang());
  }

  pickAt(e: ECElementEvent): void {
    const step = stepAt(this.ranked(), e.dataIndex);
    if (step) this.stepPicked.emit(step);
  }
}
