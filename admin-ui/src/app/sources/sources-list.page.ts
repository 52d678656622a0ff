import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { OrgApi } from '../org/org-api';
import { SourcesApi } from './sources-api';

@Component({
  selector: 'adm-sources-list',
  imports: [RouterLink, TranslatePipe, ListFrame],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <adm-list-frame heading="sources.title" newLabel="sources.new" newLink="/sources/new" newTest="new-source" empty="sources.empty" [items]="sources()" [error]="error()">
      <table data-test="sources-table">
        <thead>
          <tr>
            <th>{{ 'sources.id' | t }}</th>
            <th>{{ 'sources.name' | t }}</th>
            <th>{{ 'sources.unit' | t }}</th>
            <th>{{ 'sources.location' | t }}</th>
            <th>{{ 'sources.metrics' | t }}</th>
            <th>{{ 'sources.disabled' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (s of sources() ?? []; track s.id) {
            <tr>
              <td>
                <a [routerLink]="['/sources/edit', s.id]">{{ s.id }}</a>
              </td>
              <td>{{ s.name }}</td>
              <td>{{ unitName(s.unit) }}</td>
              <td>{{ s.location ? s.location.lat + ', ' + s.location.lon : ('sources.noLocation' | t) }}</td>
              <td>{{ s.metrics.length }}</td>
              <td>{{ (s.disabled ? 'common.yes' : 'common.no') | t }}</td>
            </tr>
          }
        </tbody>
      </table>
    </adm-list-frame>
  `,
})
export class SourcesListPage {
  private readonly api = inject(SourcesApi);
  protected readonly i18n = inject(I18n);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly sources = this.loaded.items;
  private readonly unitNames = signal(new Map<string, string>());
  protected readonly error = this.loaded.error;

  constructor() {
    inject(OrgApi)
      .units()
      .then(
        (units) => this.unitNames.set(new Map(units.map((u) => [u.id, u.name]))),
        () => undefined, // ids are shown instead
      );
  }

  protected unitName(id: string): string {
    return this.unitNames().get(id) ?? id;
  }
}
