import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';

@Component({
  selector: 'op-incident-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ 'incident.title' | t }}</h1>`,
})
export class IncidentPage {}
