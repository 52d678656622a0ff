import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n, TranslatePipe } from '@ui/i18n';
import type { KpiTile } from './metrics-types';

/** The KPI catalogue's current values, each in its threshold's colour (grey without current data). */
@Component({
  selector: 'op-kpi-tiles',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tiles">
      @for (k of kpis(); track k.key) {
        <section class="tile" data-test="kpi-tile" [style.border-left-color]="k.colour">
          <h3>{{ i18n.lang() === 'vi' ? k.nameVi : k.nameEn }}</h3>
          <p class="big" [style.color]="k.colour">
            @if (k.current; as c) {
              {{ number(c.value) }} <small>{{ k.unit }}</small>
            } @else {
              —
            }
          </p>
          <p class="status"><span class="dot" [style.background]="k.colour"></span>{{ 'dashboard.kpi.' + k.status | t }}</p>
        </section>
      } @empty {
        <p class="muted">{{ 'dashboard.empty' | t }}</p>
      }
    </div>
  `,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
      gap: 0.75rem;
    }
    .tile {
      border-left: 6px solid #9e9e9e;
      padding: 0.25rem 0.75rem;
      min-width: 0;
    }
    h3 {
      font-size: 0.85rem;
      margin: 0;
      color: #455a64;
    }
    .big {
      font-size: 1.5rem;
      font-weight: 700;
      margin: 0.2rem 0;
    }
    small {
      font-size: 0.8rem;
      color: #546e7a;
    }
    .status {
      margin: 0;
      font-size: 0.8rem;
    }
    .dot {
      display: inline-block;
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      margin-right: 0.35rem;
    }
  `,
})
export class KpiTiles {
  protected readonly i18n = inject(I18n);
  readonly kpis = input<readonly KpiTile[]>([]);

  protected number(v: number): string {
    return new Intl.NumberFormat(this.i18n.lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(v);
  }
}
