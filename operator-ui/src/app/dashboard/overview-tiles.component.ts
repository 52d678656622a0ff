import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n, TranslatePipe } from '@ui/i18n';
import { formatDuration, formatRatio } from './durations';
import { SEVERITIES, type Overview } from './metrics-types';

/** SLA compliance below these ratios turns the tile amber, then red. */
export const SLA_WARNING_BELOW = 0.9;
export const SLA_CRITICAL_BELOW = 0.7;

export function slaLevel(ratio: number | null): 'ok' | 'warning' | 'critical' | 'none' {
  if (ratio === null) return 'none';
  return ratio < SLA_CRITICAL_BELOW ? 'critical' : ratio < SLA_WARNING_BELOW ? 'warning' : 'ok';
}

/** The headline numbers: open incidents by severity, MTTA and MTTR (average and p90), SLA compliance. */
@Component({
  selector: 'op-overview-tiles',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (overview(); as o) {
      <div class="tiles">
        <section class="tile open" data-test="tile-open">
          <h3>{{ 'dashboard.open' | t }}</h3>
          <p class="big" data-test="open-total">{{ o.open.total }}</p>
          <ul class="sev">
            @for (s of severities; track s) {
              <li [class]="'sev-' + s" [attr.data-test]="'open-' + s">
                <span class="n">{{ o.open.bySeverity[s] }}</span> {{ 'severity.' + s | t }}
              </li>
            }
          </ul>
        </section>
        <section class="tile" data-test="tile-mtta">
          <h3>{{ 'dashboard.mtta' | t }}</h3>
          <p class="big" data-test="mtta-avg">{{ durations().mttaAvg }}</p>
          <p class="sub">
            {{ 'dashboard.p90' | t }} <span data-test="mtta-p90">{{ durations().mttaP90 }}</span> · {{ 'dashboard.measured' | t: { count: o.mtta.count } }}
          </p>
        </section>
        <section class="tile" data-test="tile-mttr">
          <h3>{{ 'dashboard.mttr' | t }}</h3>
          <p class="big" data-test="mttr-avg">{{ durations().mttrAvg }}</p>
          <p class="sub">
            {{ 'dashboard.p90' | t }} <span data-test="mttr-p90">{{ durations().mttrP90 }}</span> · {{ 'dashboard.measured' | t: { count: o.mttr.count } }}
          </p>
        </section>
        <section class="tile" data-test="tile-sla" [class]="'level-' + sla()">
          <h3>{{ 'dashboard.sla' | t }}</h3>
          <p class="big" data-test="sla-ratio">{{ ratio() }}</p>
          <p class="sub">{{ 'dashboard.slaCounts' | t: { met: o.sla.met, missed: o.sla.missed } }}</p>
        </section>
      </div>
    }
  `,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
      gap: 0.75rem;
    }
    .tile {
      border-left: 4px solid #90a4ae;
      padding: 0.25rem 0.75rem;
      min-width: 0;
    }
    h3 {
      font-size: 0.85rem;
      font-weight: 600;
      margin: 0;
      color: #455a64;
    }
    .big {
      font-size: 1.9rem;
      font-weight: 700;
      margin: 0.2rem 0;
      font-variant-numeric: tabular-nums;
    }
    .sub {
      margin: 0;
      font-size: 0.85rem;
      color: #546e7a;
    }
    .sev {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      list-style: none;
      padding: 0;
      margin: 0;
      font-size: 0.85rem;
    }
    .n {
      font-weight: 700;
    }
    .open {
      border-left-color: var(--sev-critical);
    }
    .level-ok {
      border-left-color: #2e7d32;
    }
    .level-warning {
      border-left-color: var(--sev-warning);
    }
    .level-critical {
      border-left-color: var(--sev-critical);
    }
    .level-critical .big {
      color: var(--sev-critical);
    }
  `,
})
export class OverviewTiles {
  private readonly i18n = inject(I18n);
  readonly overview = input<Overview | null>(null);
  protected readonly severities = SEVERITIES;

  protected readonly durations = computed(() => {
    const o = this.overview();
    const lang = this.i18n.lang();
    return {
      mttaAvg: formatDuration(o?.mtta.avgMs, lang),
      mttaP90: formatDuration(o?.mtta.p90Ms, lang),
      mttrAvg: formatDuration(o?.mttr.avgMs, lang),
      mttrP90: formatDuration(o?.mttr.p90Ms, lang),
    };
  });
  protected readonly ratio = computed(() => formatRatio(this.overview()?.sla.ratio));
  protected readonly sla = computed(() => slaLevel(this.overview()?.sla.ratio ?? null));
}
