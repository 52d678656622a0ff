import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { merge } from 'rxjs';
import { debounceTime, filter } from 'rxjs/operators';
import { LiveUpdates } from '../live/live-updates';
import { NotificationsApi, type NotificationView } from './notifications-api';

/** Changes after which the user may have been told something: a directive, a reminder, an escalation. */
const TELLING = new Set(['directive.added', 'task.reminded', 'task.escalated']);

/**
 * The bell in the top bar: how many notifications are unread, and the latest ones; opening one marks
 * it read and goes to its incident. Refreshed by the live changes that notify people and after reconnects.
 */
@Component({
  selector: 'op-notification-bell',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="bell-box">
      <button
        type="button"
        class="bell"
        data-test="notifications"
        [attr.data-unread]="unread()"
        [attr.aria-label]="'notifications.unread' | t: { count: unread() }"
        [attr.aria-expanded]="open()"
        (click)="toggle()"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22Zm7-5.5V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5.5L3 18.5V19h18v-.5l-2-2Z"
          />
        </svg>
        @if (unread() > 0) {
          <span class="count">{{ unread() }}</span>
        }
      </button>
      @if (open()) {
        <div class="panel" role="dialog" [attr.aria-label]="'notifications.title' | t" data-test="notifications-panel">
          <strong>{{ 'notifications.title' | t }}</strong>
          @for (n of items(); track n.id) {
            <button type="button" class="item" [class.unread]="!n.readAt" (click)="openNotification(n)" data-test="notification">
              <span class="meta">{{ 'notifications.kind.' + n.kind | t }} · {{ i18n.dateTime(n.createdAt) }}</span>
              <span class="subject">{{ n.subject }}</span>
              <span class="body">{{ n.body }}</span>
            </button>
          } @empty {
            <p class="muted">{{ 'notifications.none' | t }}</p>
          }
        </div>
      }
    </span>
  `,
  styles: `
    .bell-box {
      position: relative;
    }
    .bell {
      display: inline-flex;
      align-items: center;
      background: transparent;
      border: 1px solid rgba(255, 255, 255, 0.4);
      color: #fff;
      padding: 0.2rem 0.5rem;
    }
    .count {
      display: inline-block;
      min-width: 1.1rem;
      margin-left: 0.2rem;
      padding: 0 0.25rem;
      border-radius: 0.6rem;
      background: #d32f2f;
      font-size: 0.75rem;
      font-weight: 600;
    }
    .panel {
      position: absolute;
      right: 0;
      top: 2.2rem;
      z-index: 1000;
      width: min(22rem, 90vw);
      max-height: 70vh;
      overflow-y: auto;
      background: #fff;
      color: var(--ink);
      border: 1px solid var(--line);
      border-radius: 4px;
      box-shadow: 0 4px 16px rgba(0, 0, 0, 0.18);
      padding: 0.6rem;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
    }
    .item {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      text-align: left;
      gap: 0.1rem;
      width: 100%;
      background: #fff;
    }
    .item.unread {
      border-left: 4px solid var(--accent);
      background: #f1f6fd;
    }
    .meta,
    .muted {
      color: var(--muted);
      font-size: 0.8rem;
    }
    .subject {
      font-weight: 600;
    }
    .body {
      font-size: 0.85rem;
      overflow-wrap: anywhere;
    }
  `,
})
export class NotificationBell {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);
  protected readonly items = signal<NotificationView[]>([]);
  protected readonly unread = computed(() => this.items().filter((n) => !n.readAt).length);
  protected readonly open = signal(false);

  constructor() {
    const live = inject(LiveUpdates);
    void this.load();
    merge(live.changes.pipe(filter((c) => TELLING.has(c.action))), live.resyncs)
      .pipe(debounceTime(200), takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  toggle(): void {
    this.open.update((o) => !o);
    if (this.open()) void this.load();
  }

  async openNotification(n: NotificationView): Promise<void> {
    this.open.set(false);
    if (!n.readAt) {
      const read = await this.api.markRead(n.id).catch(() => null);
      if (read) this.items.update((list) => list.map((x) => (x.id === n.id ? read : x)));
    }
    await this.router.navigate(['/incidents', n.incidentId]);
  }

  private async load(): Promise<void> {
    try {
      this.items.set(await this.api.recent());
    } catch {
      /* the bell keeps what it showed; the next change or reconnect tries again */
    }
  }
}
