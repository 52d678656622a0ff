import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormBuilderComponent } from '@formio/angular';
import { Builders } from '@formio/js';
import { keySource, type FormComponent } from './form-draft';
import { ensureFormioTheme } from '@ui/lazy-stylesheet';

/** Component groups offered in the builder's side bar: no premium, resource or data-source components (they need a Form.io server). */
const BUILDER_OPTIONS = { builder: { premium: false, resource: false, data: false } };

type KeyMaker = (data: Record<string, unknown>) => string;
let keysPatched = false;

/**
 * Form.io derives a new component's key from its label with lodash's camelCase, which keeps
 * Vietnamese letters, and then refuses that key ("must only contain alphanumeric characters").
 * Strip the marks first, once for every builder (the wizard builder inherits from the webform one).
 */
function deriveAsciiKeys(): void {
  if (keysPatched) return;
  keysPatched = true;
  const proto = (Builders.builders.webform as unknown as { prototype: Record<'updateComponentKey' | 'generateKey', KeyMaker> }).prototype;
  for (const method of ['updateComponentKey', 'generateKey'] as const) {
    const original = proto[method];
    proto[method] = function (this: unknown, data: Record<string, unknown>) {
      return original.call(this, keySource(data));
    };
  }
}

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
  template: `<div class="cityops-formio" data-test="form-builder"><form-builder [form]="form()" [options]="options" (change)="onChange($event)" /></div>`,
})
export class FormBuilderHost {
  /** The tree to (re)build from; a new object rebuilds the builder, so the page sets it only when loading or applying JSON. */
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly componentsChange = output<FormComponent[]>();
  protected readonly options = BUILDER_OPTIONS;

  constructor() {
    ensureFormioTheme(inject(DOCUMENT));
    deriveAsciiKeys();
  }

  protected onChange(event: { form?: { components?: FormComponent[] } }): void {
    if (event.form?.components) this.componentsChange.emit(structuredClone(event.form.components));
  }
}
