import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ui/i18n';
import { PendingChip } from '../changes/pending-chip.component';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { RulesApi } from './rules-api';

@Component({
  selector: 'adm-rules-list',
  imports: [RouterLink, TranslatePipe, ListFrame, PendingChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <adm-list-frame heading="rules.title" newLabel="rules.new" newLink="/rules/new" newTest="new-rule" empty="rules.empty" [items]="rules()" [error]="error()">
      <table data-test="rules-table">
        <thead>
          <tr>
            <th>{{ 'rules.key' | t }}</th>
            <th>{{ 'rules.name' | t }}</th>
            <th>{{ 'rules.target' | t }}</th>
            <th>{{ 'rules.metric' | t }}</th>
            <th>{{ 'rules.version' | t }}</th>
            <th>{{ 'rules.enabled' | t }}</th>
            <th>{{ 'rules.action' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (r of rules() ?? []; track r.key) {
            <tr>
              <td>
                <a [routerLink]="['/rules', r.key]">{{ r.key }}</a>
              </td>
              <td>
                {{ r.name }}
                @if (r.pendingChange; as pending) {
                  <adm-pending-chip [change]="pending" />
                }
              </td>
              <td>{{ r.source ?? r.sourceType }}</td>
              <td>{{ r.metric }}</td>
              <td>{{ r.version }}</td>
              <td>{{ (r.enabled ? 'common.yes' : 'common.no') | t }}</td>
              <td>{{ r.action.sopKey ?? r.action.type }}</td>
            </tr>
          }
        </tbody>
      </table>
    </adm-list-frame>
  `,
})
export class RulesListPage {
  private readonly api = inject(RulesApi);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly rules = this.loaded.items;
  protected readonly error = this.loaded.error;
}
