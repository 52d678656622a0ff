import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';

@Component({
  selector: 'op-inbox-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ 'inbox.title' | t }}</h1>`,
})
export class InboxPage {}
