import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { OrgApi } from '../org/org-api';
import { SourcesApi, type SourceRecord } from './sources-api';

@Component({
  selector: 'adm-sources-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ 'sources.title' | t }}</h1>
      <a routerLink="/sources/new" data-test="new-source"
        ><button class="primary" type="button">{{ 'sources.new' | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (sources(); as list) {
      @if (list.length) {
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
            @for (s of list; track s.id) {
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
      } @else {
        <p>{{ 'sources.empty' | t }}</p>
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
  `,
})
export class SourcesListPage {
  private readonly api = inject(SourcesApi);
  protected readonly i18n = inject(I18n);
  protected readonly sources = signal<SourceRecord[] | null>(null);
  private readonly unitNames = signal(new Map<string, string>());
  protected readonly error = signal('');

  constructor() {
    this.api.list().then(
      (items) => this.sources.set(items),
      (err: unknown) => this.error.set(apiProblem(err).message),
    );
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
