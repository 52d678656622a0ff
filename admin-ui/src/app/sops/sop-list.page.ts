import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { PendingChip } from '../changes/pending-chip.component';
import { ListFrame } from '../shell/list-frame';
import { loadList } from '../shell/load-list';
import { SopsApi } from './sops-api';

/** Every SOP, deployed or draft, with its latest version and when it last changed. */
@Component({
  selector: 'adm-sop-list',
  imports: [RouterLink, TranslatePipe, ListFrame, PendingChip],
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
                  <adm-pending-chip [change]="pending" />
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
})
export class SopListPage {
  private readonly api = inject(SopsApi);
  protected readonly i18n = inject(I18n);
  private readonly loaded = loadList(() => this.api.list());
  protected readonly sops = this.loaded.items;
  protected readonly error = this.loaded.error;
}
