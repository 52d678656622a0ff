import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { formatRatio } from './durations';
import type { Sla, SlaBySop, SlaByUnit } from './metrics-types';
import { slaLevel } from './overview-tiles.component';

/**
 * SLA compliance per unit and per SOP, worst first (as the API sorts): a bar of the ratio, the
 * counts, and the steps overdue right now highlighted. A row click lists that unit's or SOP's incidents.
 */
@Component({
  selector: 'op-sla-table',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (sla(); as s) {
      <div class="columns">
        <section>
          <h3>{{ 'dashboard.slaByUnit' | t }}</h3>
          @for (r of s.byUnit; track r.unit) {
            <button type="button" class="row" data-test="sla-unit" (click)="unitPicked.emit(r)">
              <span class="name">{{ r.name ?? ('dashboard.noUnit' | t) }}</span>
              <span class="bar" [class]="'bar level-' + level(r.ratio)"><span [style.width.%]="(r.ratio ?? 0) * 100"></span></span>
              <span class="ratio">{{ ratio(r.ratio) }}</span>
              <span class="counts">
                {{ 'dashboard.slaCounts' | t: { met: r.met, missed: r.missed } }}
                @if (r.overdueOpen) {
                  <strong class="overdue" data-test="overdue-open">{{ 'dashboard.overdueOpen' | t: { count: r.overdueOpen } }}</strong>
                }
              </span>
            </button>
          } @empty {
            <p class="muted">{{ 'dashboard.empty' | t }}</p>
          }
        </section>
        <section>
          <h3>{{ 'dashboard.slaBySop' | t }}</h3>
          @for (r of s.bySop; track r.sopKey) {
            <button type="button" class="row" data-test="sla-sop" (click)="sopPicked.emit(r)">
              <span class="name">{{ r.name }}</span>
              <span class="bar" [class]="'bar level-' + level(r.ratio)"><span [style.width.%]="(r.ratio ?? 0) * 100"></span></span>
              <span class="ratio">{{ ratio(r.ratio) }}</span>
              <span class="counts">
                {{ 'dashboard.slaCounts' | t: { met: r.met, missed: r.missed } }}
                @if (r.overdueOpen) {
                  <strong class="overdue" data-test="overdue-open">{{ 'dashboard.overdueOpen' | t: { count: r.overdueOpen } }}</strong>
                }
              </span>
            </button>
          } @empty {
            <p class="muted">{{ 'dashboard.empty' | t }}</p>
          }
        </section>
      </div>
    }
  `,
  styles: `
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
      gap: 0.75rem 1.5rem;
    }
    h3 {
      font-size: 0.85rem;
      margin: 0 0 0.25rem;
      color: #455a64;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 5rem 3rem;
      grid-template-areas: 'name bar ratio' 'counts counts counts';
      align-items: center;
      gap: 0.1rem 0.5rem;
      width: 100%;
      text-align: left;
      background: none;
      border: 0;
      border-bottom: 1px solid #eceff1;
      padding: 0.35rem 0.1rem;
      cursor: pointer;
      font: inherit;
    }
    .row:hover,
    .row:focus-visible {
      background: #f5f8fa;
    }
    .name {
      grid-area: name;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .bar {
      grid-area: bar;
      height: 0.6rem;
      background: #eceff1;
      border-radius: 3px;
      overflow: hidden;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: #2e7d32;
    }
    .level-warning > span {
      background: var(--sev-warning);
    }
    .level-critical > span {
      background: var(--sev-critical);
    }
    .ratio {
      grid-area: ratio;
      text-align: right;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    .counts {
      grid-area: counts;
      font-size: 0.8rem;
      color: #546e7a;
    }
    .overdue {
      color: var(--overdue);
      margin-left: 0.5rem;
    }
  `,
})
export class SlaTable {
  readonly sla = input<Sla | null>(null);
  readonly unitPicked = output<SlaByUnit>();
  readonly sopPicked = output<SlaBySop>();
  protected readonly ratio = formatRatio;
  protected readonly level = slaLevel;
}
