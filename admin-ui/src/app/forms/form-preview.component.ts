import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormioComponent } from '@formio/angular';
import type { FormComponent } from './form-draft';
import { ensureFormioTheme } from '@ui/lazy-stylesheet';

/**
 * The Form.io renderer showing a form as an operator sees it, filled with test data. Created when
 * the preview tab opens and destroyed when it closes. Data changes are emitted (zoneless: the page
 * keeps them in a signal); the data given in is read once, when the renderer is created.
 */
@Component({
  selector: 'adm-form-preview',
  imports: [FormioComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="cityops-formio" data-test="form-preview">
    <formio [form]="form()" [submission]="{ data: initialData() }" [hideLoading]="true" [options]="options" (change)="onChange($event)" />
  </div>`,
})
export class FormPreview {
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly initialData = input<Record<string, unknown>>({});
  readonly dataChange = output<Record<string, unknown>>();
  /** No submit to a Form.io server: the page validates on our own API. */
  protected readonly options = { noAlerts: true };

  constructor() {
    ensureFormioTheme(inject(DOCUMENT));
  }

  protected onChange(event: { data?: Record<string, unknown> }): void {
    if (event.data) this.dataChange.emit({ ...event.data });
  }
}
