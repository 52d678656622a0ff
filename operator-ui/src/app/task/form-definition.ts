import type { FormComponent, TaskForm } from './task-api';

const isSubmitButton = (c: FormComponent) => c.type === 'button' && (c['action'] === undefined || c['action'] === 'submit');

/**
 * The form as the task page renders it: without Form.io's own submit buttons (the designer adds
 * one to every form), because the page submits to our API with its own button — one way to finish
 * a step, and the server's validation always has the last word.
 */
export function forTaskPage(form: TaskForm): TaskForm {
  const strip = (list: readonly FormComponent[]): FormComponent[] =>
    list
      .filter((c) => !isSubmitButton(c))
      .map((c) => ({
        ...c,
        ...(c.components ? { components: strip(c.components) } : {}),
        ...(c.columns ? { columns: c.columns.map((col) => ({ ...col, components: strip(col.components ?? []) })) } : {}),
      }));
  return { ...form, components: strip(form.components) };
}
