import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { FormsApi, type FormSummary } from './forms-api';

@Component({
  selector: 'adm-forms-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ 'forms.title' | t }}</h1>
      <a routerLink="/forms/new" data-test="new-form"
        ><button class="primary" type="button">{{ 'forms.new' | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (forms(); as list) {
      @if (list.length) {
        <table data-test="forms-table">
          <thead>
            <tr>
              <th>{{ 'forms.key' | t }}</th>
              <th>{{ 'forms.formTitle' | t }}</th>
              <th>{{ 'forms.latestVersion' | t }}</th>
              <th>{{ 'forms.updatedAt' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (f of list; track f.key) {
              <tr>
                <td>
                  <a [routerLink]="['/forms', f.key]">{{ f.key }}</a>
                </td>
                <td>{{ f.title }}</td>
                <td>{{ f.latestVersion }}</td>
                <td>{{ f.updatedAt ? i18n.dateTime(f.updatedAt) : '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p>{{ 'forms.empty' | t }}</p>
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
export class FormsListPage {
  private readonly api = inject(FormsApi);
  protected readonly i18n = inject(I18n);
  protected readonly forms = signal<FormSummary[] | null>(null);
  protected readonly error = signal('');

  constructor() {
    this.api.list().then(
      (items) => this.forms.set(items),
      (err: unknown) => this.error.set(apiProblem(err).message),
    );
  }
}
