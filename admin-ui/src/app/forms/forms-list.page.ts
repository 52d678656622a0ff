import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { FormsApi } from './forms-api';

@Component({
  selector: 'adm-forms-list',
  imports: [RouterLink, TranslatePipe, ListFrame],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <adm-list-frame heading="forms.title" newLabel="forms.new" newLink="/forms/new" newTest="new-form" empty="forms.empty" [items]="forms()" [error]="error()">
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
          @for (f of forms() ?? []; track f.key) {
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
    </adm-list-frame>
  `,
})
export class FormsListPage {
  private readonly api = inject(FormsApi);
  protected readonly i18n = inject(I18n);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly forms = this.loaded.items;
  protected readonly error = this.loaded.error;
}
