import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';

@Component({
  selector: 'op-dashboard-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ 'dashboard.title' | t }}</h1>`,
})
export class DashboardPage {}
