import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { rangeLabel } from './kpi-thresholds';
import { KpisApi } from './kpis-api';

@Component({
  selector: 'adm-kpis-list',
  imports: [RouterLink, TranslatePipe, ListFrame],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <adm-list-frame heading="kpis.title" newLabel="kpis.new" newLink="/kpis/new" newTest="new-kpi" empty="kpis.empty" [items]="kpis()" [error]="error()">
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
          @for (k of kpis() ?? []; track k.key) {
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
    </adm-list-frame>
  `,
  styles: `
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
  private readonly loaded = loadList(() => this.api.list());
  protected readonly kpis = this.loaded.items;
  protected readonly error = this.loaded.error;
  protected readonly range = rangeLabel;
}
