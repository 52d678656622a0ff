import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { SopsApi, type SopSummary } from './sops-api';

/** Every SOP, deployed or draft, with its latest version and when it last changed. */
@Component({
  selector: 'adm-sop-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ 'sops.title' | t }}</h1>
      <a routerLink="/sops/new" data-test="new-sop"
        ><button class="primary" type="button">{{ 'sops.new' | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (sops(); as list) {
      @if (list.length) {
        <table data-test="sops-table">
          <thead>
            <tr>
              <th>{{ 'sops.key' | t }}</th>
              <th>{{ 'sops.name' | t }}</th>
              <th>{{ 'sops.latestVersion' | t }}</th>
              <th>{{ 'sops.draft' | t }}</th>
              <th>{{ 'sops.updatedAt' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (s of list; track s.key) {
              <tr [attr.data-sop]="s.key">
                <td>
                  <a [routerLink]="['/sops', s.key]">{{ s.key }}</a>
                </td>
                <td>{{ s.name }}</td>
                <td data-test="latest-version">{{ s.latestVersion ? 'v' + s.latestVersion : ('sops.notDeployed' | t) }}</td>
                <td>{{ s.draftUpdatedAt ? i18n.dateTime(s.draftUpdatedAt) : '—' }}</td>
                <td>{{ i18n.dateTime(s.updatedAt) }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p>{{ 'sops.empty' | t }}</p>
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
export class SopListPage {
  private readonly api = inject(SopsApi);
  protected readonly i18n = inject(I18n);
  protected readonly sops = signal<SopSummary[] | null>(null);
  protected readonly error = signal('');

  constructor() {
    this.api.list().then(
      (items) => this.sops.set(items),
      (err: unknown) => this.error.set(apiProblem(err).message),
    );
  }
}
