import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';

/** What the SOP and rule lists say of an entity's pending change request. */
export interface PendingChange {
  id: string;
  kind: string;
  requestedBy: string;
}

/** The "chờ duyệt" chip beside an SOP or rule with a change awaiting approval: links to the request, names its author and kind. */
@Component({
  selector: 'adm-pending-chip',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<a
    class="chip"
    data-test="pending-chip"
    [routerLink]="['/changes', change().id]"
    [title]="'changes.pendingChipTitle' | t: { author: change().requestedBy, kind: i18n.t('changes.kind.' + change().kind) }"
    >{{ 'changes.pendingChip' | t }}</a
  >`,
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
export class PendingChip {
  readonly change = input.required<PendingChange>();
  protected readonly i18n = inject(I18n);
}
