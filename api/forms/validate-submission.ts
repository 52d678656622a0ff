import { processSync, ProcessTargets } from '@formio/core';

export interface FieldError {
  field: string;
  message: string;
  /** Which check failed (`required`, `maxLength`, `type`, …) and its limit, so a UI can say it in the user's language. */
  rule: string;
  limit?: unknown;
}

interface FormComponent {
  type?: string;
  key?: string;
  label?: string;
  input?: boolean;
  components?: FormComponent[];
  columns?: { components?: FormComponent[] }[];
  validate?: Record<string, unknown>;
}

/** Expected JavaScript type of a value per Form.io input type; others are checked by Form.io alone. */
const VALUE_TYPES: Record<string, 'string' | 'number' | 'boolean'> = {
  textfield: 'string',
  textarea: 'string',
  email: 'string',
  phoneNumber: 'string',
  password: 'string',
  select: 'string',
  radio: 'string',
  datetime: 'string',
  number: 'number',
  currency: 'number',
  checkbox: 'boolean',
};

/** Flattens layout components (panels, columns, fieldsets) into the input components they hold. */
export function inputComponents(components: FormComponent[]): FormComponent[] {
  const out: FormComponent[] = [];
  for (const c of components) {
    if (c.input && c.key && c.type !== 'button') out.push(c);
    if (c.components) out.push(...inputComponents(c.components));
    for (const col of c.columns ?? []) out.push(...inputComponents(col.components ?? []));
  }
  return out;
}

/**
 * Validates a step's submission server-side: keeps only the form's own input keys, checks value
 * types (Form.io alone lets a string through a number field), then runs Form.io's validation rules.
 */
export function validateSubmission(components: FormComponent[], submitted: Record<string, unknown>): { data: Record<string, unknown>; errors: FieldError[] } {
  const inputs = inputComponents(components);
  const data: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const c of inputs) {
    const key = c.key!;
    if (!(key in submitted)) continue;
    const value = submitted[key];
    const expected = VALUE_TYPES[c.type ?? ''];
    if (expected && value !== null && value !== undefined && value !== '' && typeof value !== expected) {
      errors.push({ field: key, message: `${c.label ?? key} must be a ${expected}`, rule: 'type', limit: expected });
      continue;
    }
    data[key] = value;
  }
  const scope: { errors?: { ruleName?: string; context?: { path?: string; key?: string; label?: string; setting?: unknown } }[] } = {};
  processSync({ components, data: { ...data }, processors: ProcessTargets.evaluator, scope, config: { server: true } } as never);
  for (const e of scope.errors ?? []) {
    const field = e.context?.path ?? e.context?.key ?? '(form)';
    if (errors.some((x) => x.field === field)) continue;
    const label = inputs.find((c) => c.key === field)?.label ?? field;
    const rule = e.ruleName ?? 'invalid';
    errors.push({
      field,
      message: describeRule(label, rule, e.context?.setting),
      rule,
      ...(e.context?.setting !== undefined && e.context.setting !== true ? { limit: e.context.setting } : {}),
    });
  }
  return { data, errors };
}

function describeRule(label: string, rule: string, setting: unknown): string {
  switch (rule) {
    case 'required':
      return `${label} is required`;
    case 'min':
      return `${label} must be at least ${String(setting)}`;
    case 'max':
      return `${label} must be at most ${String(setting)}`;
    case 'minLength':
      return `${label} must have at least ${String(setting)} characters`;
    case 'maxLength':
      return `${label} must have at most ${String(setting)} characters`;
    case 'pattern':
      return `${label} does not match the expected pattern`;
    default:
      return `${label} is invalid (${rule})`;
  }
}
