import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ui/i18n';
import { filter } from 'rxjs/operators';

/**
 * The shell bar's count of change requests awaiting approval (four eyes), linking to "Chờ duyệt".
 * Counted again after every navigation — approvals are rare enough that no live stream is needed.
 * Shown only when something is pending. Kept free of the changes feature's code: it is in the first bundle.
 */
@Component({
  selector: 'adm-pending-badge',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (count(); as n) {
      <a routerLink="/changes" class="badge" data-test="pending-badge" [attr.data-count]="n">{{ 'changes.badge' | t: { count: n } }}</a>
    }
  `,
  styles: `
    .badge {
      display: inline-block;
      padding: 0.1rem 0.6rem;
      border-radius: 10px;
      background: #ffb300;
      color: #212121;
      font-size: 0.85rem;
      font-weight: 600;
      text-decoration: none;
    }
  `,
})
export class PendingBadge {
  private readonly http = inject(HttpClient);
  protected readonly count = signal(0);
  private seq = 0;

  constructor() {
    const sub = inject(Router)
      .events.pipe(filter((e) => e instanceof NavigationEnd))
      .subscribe(() => this.refresh());
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
    this.refresh();
  }

  private refresh(): void {
    const seq = ++this.seq;
    this.http.get<{ items: unknown[] }>('/api/changes', { params: { status: 'pending' } }).subscribe({
      next: (body) => {
        if (seq === this.seq) this.count.set(Array.isArray(body.items) ? body.items.length : 0);
      },
      // No badge when the count cannot be had (an older API, a network blip): the page itself says why.
      error: () => undefined,
    });
  }
}
