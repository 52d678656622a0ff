import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { RulesApi } from './rules-api';

@Component({
  selector: 'adm-rules-list',
  imports: [RouterLink, TranslatePipe, ListFrame],
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
                  <a
                    class="chip"
                    data-test="pending-chip"
                    [routerLink]="['/changes', pending.id]"
                    [title]="'changes.pendingChipTitle' | t: { author: pending.requestedBy, kind: i18n.t('changes.kind.' + pending.kind) }"
                    >{{ 'changes.pendingChip' | t }}</a
                  >
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
  styles: `
    .chip {
      margin-left: 0.4rem;
      padding: 0.05rem 0.5rem;
      border-radius: 8px;
      background: #fff8e1;
      color: #8d6e00;
      font-size: 0.8rem;
      text-decoration: none;
    }
  `,
})
export class RulesListPage {
  private readonly api = inject(RulesApi);
  protected readonly i18n = inject(I18n);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly rules = this.loaded.items;
  protected readonly error = this.loaded.error;
}
