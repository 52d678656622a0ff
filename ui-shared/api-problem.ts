import { HttpErrorResponse } from '@angular/common/http';

/** An API error as the UI shows it: the message, and per field (dotted path) what is wrong with it. */
export interface ApiProblem {
  status: number;
  message: string;
  fields: Readonly<Record<string, string>>;
  /** Per field, the check that failed when the API names it (form submissions: `required`, `maxLength`, …), to say it in the user's language. */
  rules: Readonly<Record<string, FieldRule>>;
}

export interface FieldRule {
  rule: string;
  limit?: unknown;
}

/**
 * Reads the API's error shape (`{error, details: [{field, message}]}`; SOP compile errors carry
 * `errors: [{elementId, message}]`) so a form can put each message next to the field at fault.
 */
export function apiProblem(err: unknown): ApiProblem {
  if (!(err instanceof HttpErrorResponse)) return { status: 0, message: err instanceof Error ? err.message : String(err), fields: {}, rules: {} };
  const body = (err.error ?? {}) as { error?: unknown; details?: unknown; errors?: unknown };
  const fields: Record<string, string> = {};
  const rules: Record<string, FieldRule> = {};
  for (const d of [...asList(body.details), ...asList(body.errors)]) {
    const field = typeof d['field'] === 'string' ? d['field'] : typeof d['elementId'] === 'string' ? d['elementId'] : undefined;
    if (field && typeof d['message'] === 'string') fields[field] = fields[field] ? `${fields[field]}; ${d['message']}` : d['message'];
    if (field && typeof d['rule'] === 'string') rules[field] = { rule: d['rule'], ...(d['limit'] !== undefined ? { limit: d['limit'] } : {}) };
  }
  const message = typeof body.error === 'string' ? body.error : err.status === 0 ? 'network error: the server cannot be reached' : `${err.status} ${err.statusText}`;
  return { status: err.status, message, fields, rules };
}

function asList(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}
