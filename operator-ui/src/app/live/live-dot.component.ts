import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { LiveUpdates } from './live-updates';

/** The shell's live dot: green while the stream is open, grey while reconnecting. Showing it also opens the stream at sign-in. */
@Component({
  selector: 'op-live-dot',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span
    class="live"
    [class.on]="live.connected()"
    data-test="live-state"
    [attr.data-connected]="live.connected()"
    [attr.title]="(live.connected() ? 'live.on' : 'live.off') | t"
  >
    <span class="dot" aria-hidden="true"></span><span class="label">{{ (live.connected() ? 'live.short.on' : 'live.short.off') | t }}</span>
  </span>`,
  styles: `
    .live {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      font-size: 0.8rem;
      opacity: 0.9;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: #bdbdbd;
    }
    .on .dot {
      background: #69f0ae;
      box-shadow: 0 0 0 2px rgba(105, 240, 174, 0.3);
    }
    @media (max-width: 640px) {
      .label {
        display: none;
      }
    }
  `,
})
export class LiveDot {
  protected readonly live = inject(LiveUpdates);
}
