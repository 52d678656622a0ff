import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormioRenderer } from '@ui/formio-renderer';
import type { FormComponent } from './form-draft';

/**
 * The form as an operator sees it, filled with test data: the shared Form.io renderer, created when
 * the preview tab opens and destroyed when it closes. Data changes are emitted (the page keeps them
 * in a signal); the data given in is read once, when the renderer is created.
 */
@Component({
  selector: 'adm-form-preview',
  imports: [FormioRenderer],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div data-test="form-preview">
    <ui-formio-renderer [form]="form()" [initialData]="initialData()" (dataChange)="dataChange.emit($event)" />
  </div>`,
})
export class FormPreview {
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly initialData = input<Record<string, unknown>>({});
  readonly dataChange = output<Record<string, unknown>>();
}
