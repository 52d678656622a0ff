import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, effect, inject, input, output, signal } from '@angular/core';
import { FormioComponent } from '@formio/angular';
import { ensureFormioTheme } from './lazy-stylesheet';

/** The parts of Form.io's Webform the renderer uses. */
interface Webform {
  getComponent(key: string): { element?: HTMLElement } | undefined;
  data?: Record<string, unknown>;
}

/** Marks the messages this renderer put under fields, so the next round removes exactly those. */
const ERROR_CLASS = 'cityops-field-error';

/**
 * Form.io's renderer as both apps use it (the admin preview, the operator's task form): loads the
 * Form.io theme on first use, reads the initial data once, emits every data change (zoneless: the
 * page keeps it in a signal), and shows messages from our API (`errors`, by component key) under
 * the fields they concern — Form.io's own client-side checks still run as the user types.
 * Import it only from lazily loaded code: Form.io is large.
 */
@Component({
  selector: 'ui-formio-renderer',
  imports: [FormioComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="cityops-formio">
    <formio
      [form]="form()"
      [submission]="{ data: initialData() }"
      [readOnly]="readOnly()"
      [hideLoading]="true"
      [options]="options"
      (change)="onChange($event)"
      (ready)="onReady($event)"
    />
  </div>`,
})
export class FormioRenderer {
  readonly form = input.required<{ components: unknown[] }>();
  readonly initialData = input<Record<string, unknown>>({});
  readonly readOnly = input(false);
  /** Messages by component key, shown under each field (e.g. the server's validation). */
  readonly errors = input<Readonly<Record<string, string>>>({});
  readonly dataChange = output<Record<string, unknown>>();
  /** No submit to a Form.io server and no alert list: the page submits to our API. */
  protected readonly options = { noAlerts: true };
  private readonly webform = signal<Webform | null>(null);
  private readonly doc = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    ensureFormioTheme(this.doc);
    effect(() => {
      const form = this.webform();
      const errors = this.errors();
      if (form) showFieldErrors(this.host.nativeElement, form, errors);
    });
    inject(DestroyRef).onDestroy(() => this.webform.set(null));
  }

  /**
   * The data as typed this instant: Form.io emits its change events after a short delay, so a
   * submit right after typing reads the form itself rather than the last emitted change.
   */
  currentData(): Record<string, unknown> | null {
    const data = this.webform()?.data;
    return data ? { ...data } : null;
  }

  protected onReady(ready: { formio?: unknown }): void {
    if (ready.formio) this.webform.set(ready.formio as Webform);
  }

  protected onChange(event: { data?: Record<string, unknown>; changed?: { component?: { key?: string } } }): void {
    const key = event.changed?.component?.key;
    const form = this.webform();
    if (key && form) clearFieldError(form, key); // edited: the old complaint no longer applies
    if (event.data) this.dataChange.emit({ ...event.data });
  }
}

/** Puts each message under its component (replacing the previous round); keys without a component are left to the page's summary. */
export function showFieldErrors(host: HTMLElement, form: Webform, errors: Readonly<Record<string, string>>): void {
  for (const el of [...host.querySelectorAll(`.${ERROR_CLASS}`)]) {
    markInvalid(el.parentElement, false);
    el.remove();
  }
  for (const [key, message] of Object.entries(errors)) {
    const element = form.getComponent(key)?.element;
    if (!element) continue;
    const note = host.ownerDocument.createElement('div');
    note.className = `${ERROR_CLASS} field-error`;
    note.dataset['test'] = 'field-error';
    note.dataset['field'] = key;
    note.setAttribute('role', 'alert');
    note.textContent = message;
    markInvalid(element, true);
    element.appendChild(note);
  }
}

function clearFieldError(form: Webform, key: string): void {
  const element = form.getComponent(key)?.element;
  element?.querySelectorAll(`.${ERROR_CLASS}`).forEach((el) => el.remove());
  markInvalid(element, false);
}

/** The component's frame and its inputs drawn as invalid (Bootstrap's red border), or not. */
function markInvalid(element: Element | null | undefined, invalid: boolean): void {
  if (!element) return;
  element.classList.toggle('has-error', invalid);
  element.querySelectorAll('input, textarea, select').forEach((input) => input.classList.toggle('is-invalid', invalid));
}
