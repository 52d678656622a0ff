import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterOutlet } from '@angular/router';
import { I18n } from '@ui/i18n';

@Component({
  selector: 'op-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  constructor() {
    const i18n = inject(I18n);
    i18n.setLang(i18n.lang());
    inject(Title).setTitle(i18n.t('app.title'));
  }
}
