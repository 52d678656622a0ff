import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { rangeLabel } from './kpi-thresholds';
import { KpisApi, type KpiView } from './kpis-api';

@Component({
  selector: 'adm-kpis-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ 'kpis.title' | t }}</h1>
      <a routerLink="/kpis/new" data-test="new-kpi"
        ><button class="primary" type="button">{{ 'kpis.new' | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (kpis(); as list) {
      @if (list.length) {
        <table data-test="kpis-table">
          <thead>
            <tr>
              <th>{{ 'kpis.key' | t }}</th>
              <th>{{ 'kpis.name' | t }}</th>
              <th>{{ 'kpis.unit' | t }}</th>
              <th>{{ 'kpis.thresholds' | t }}</th>
              <th>{{ 'kpis.current' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (k of list; track k.key) {
              <tr>
                <td>
                  <a [routerLink]="['/kpis', k.key]">{{ k.key }}</a>
                </td>
                <td>{{ i18n.lang() === 'vi' ? k.nameVi : k.nameEn }}</td>
                <td>{{ k.unit }}</td>
                <td>
                  @for (t of k.thresholds; track $index) {
                    <span class="chip" [style.background]="t.colour">{{ 'kpiLevel.' + t.level | t }} {{ range(t) }}</span>
                  }
                </td>
                <td>
                  @if (k.current) {
                    <span class="dot" [style.background]="k.colour"></span> {{ k.current.value }} {{ k.unit }}
                  } @else {
                    —
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p>{{ 'kpis.empty' | t }}</p>
      }
    } @else {
      <p>{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    .chip {
      display: inline-block;
      color: #fff;
      border-radius: 3px;
      padding: 0 0.4rem;
      margin: 0 0.25rem 0.15rem 0;
      font-size: 0.85rem;
      text-shadow: 0 0 2px rgba(0, 0, 0, 0.6);
    }
    .dot {
      display: inline-block;
      width: 0.7rem;
      height: 0.7rem;
      border-radius: 50%;
    }
  `,
})
export class KpisListPage {
  private readonly api = inject(KpisApi);
  protected readonly i18n = inject(I18n);
  protected readonly kpis = signal<KpiView[] | null>(null);
  protected readonly error = signal('');
  protected readonly range = rangeLabel;

  constructor() {
    this.api.list().then(
      (items) => this.kpis.set(items),
      (err: unknown) => this.error.set(apiProblem(err).message),
    );
  }
}
