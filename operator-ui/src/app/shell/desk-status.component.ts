import { ChangeDetectionStrategy, Component } from '@angular/core';
import { LiveDot } from '../live/live-dot.component';
import { NotificationBell } from '../notifications/notification-bell.component';

/** What the duty desk shows in the shared top bar: the live connection and the notification bell. */
@Component({
  selector: 'op-desk-status',
  imports: [LiveDot, NotificationBell],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<op-live-dot /><op-notification-bell />`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.75rem;
    }
  `,
})
export class DeskStatus {}
