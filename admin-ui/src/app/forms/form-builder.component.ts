import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormBuilderComponent } from '@formio/angular';
import type { FormComponent } from './form-draft';
import { ensureFormioTheme } from './formio-theme';

/** Component groups offered in the builder's side bar: no premium, resource or data-source components (they need a Form.io server). */
const BUILDER_OPTIONS = { builder: { premium: false, resource: false, data: false } };

/**
 * The one owner of the Form.io builder: it is created with this component and destroyed with it
 * (`@formio/angular` destroys its instance on destroy). Loaded only with the designer's lazy route.
 * The app is zoneless: every builder change is emitted as a plain copy of the component tree, which
 * the page keeps in a signal.
 */
@Component({
  selector: 'adm-form-builder',
  imports: [FormBuilderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="adm-formio" data-test="form-builder"><form-builder [form]="form()" [options]="options" (change)="onChange($event)" /></div>`,
})
export class FormBuilderHost {
  /** The tree to (re)build from; a new object rebuilds the builder, so the page sets it only when loading or applying JSON. */
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly componentsChange = output<FormComponent[]>();
  protected readonly options = BUILDER_OPTIONS;

  constructor() {
    ensureFormioTheme(inject(DOCUMENT));
  }

  protected onChange(event: { form?: { components?: FormComponent[] } }): void {
    if (event.form?.components) this.componentsChange.emit(structuredClone(event.form.components));
  }
}
