import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { SopsApi } from './sops-api';

/** Every SOP, deployed or draft, with its latest version and when it last changed. */
@Component({
  selector: 'adm-sop-list',
  imports: [RouterLink, TranslatePipe, ListFrame],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <adm-list-frame heading="sops.title" newLabel="sops.new" newLink="/sops/new" newTest="new-sop" empty="sops.empty" [items]="sops()" [error]="error()">
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
          @for (s of sops() ?? []; track s.key) {
            <tr [attr.data-sop]="s.key">
              <td>
                <a [routerLink]="['/sops', s.key]">{{ s.key }}</a>
              </td>
              <td>
                {{ s.name }}
                @if (s.pendingChange; as pending) {
                  <a
                    class="chip"
                    data-test="pending-chip"
                    [routerLink]="['/changes', pending.id]"
                    [title]="'changes.pendingChipTitle' | t: { author: pending.requestedBy, kind: i18n.t('changes.kind.' + pending.kind) }"
                    >{{ 'changes.pendingChip' | t }}</a
                  >
                }
              </td>
              <td data-test="latest-version">{{ s.latestVersion ? 'v' + s.latestVersion : ('sops.notDeployed' | t) }}</td>
              <td>{{ s.draftUpdatedAt ? i18n.dateTime(s.draftUpdatedAt) : '—' }}</td>
              <td>{{ i18n.dateTime(s.updatedAt) }}</td>
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
export class SopListPage {
  private readonly api = inject(SopsApi);
  protected readonly i18n = inject(I18n);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly sops = this.loaded.items;
  protected readonly error = this.loaded.error;
}
