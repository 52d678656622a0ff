import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';

@Component({
  selector: 'op-task-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ 'task.title' | t }}</h1>`,
})
export class TaskPage {}
