import type { FormComponent } from './task-api';

/** One line of the summary above the form. */
export interface FormErrorLine {
  /** The component the message was placed under, if one was found. */
  key: string | null;
  label: string;
  message: string;
}

/** Every input component of a Form.io form by key, through panels, fieldsets, columns and tables. */
export function componentsByKey(components: readonly FormComponent[]): Map<string, FormComponent> {
  const out = new Map<string, FormComponent>();
  const walk = (list: readonly FormComponent[] | undefined) => {
    for (const c of list ?? []) {
      if (c.key && c.input !== false) out.set(c.key, c);
      walk(c.components);
      for (const col of c.columns ?? []) walk(col.components);
      const rows = c['rows'];
      if (Array.isArray(rows)) for (const row of rows) if (Array.isArray(row)) for (const cell of row) walk((cell as { components?: FormComponent[] }).components);
    }
  };
  walk(components);
  return out;
}

/**
 * Places the API's 400 (`details[].field` like `data.waterLevel`, `data.grid[0].note`) on the form:
 * each message by the key of the component it concerns (the whole path when it is a key, else
 * the innermost, else the outermost named part), and every message in the summary, labelled.
 * Fields outside the submission's data (e.g. `data` itself) stay in the summary only.
 */
export function placeFieldErrors(fields: Readonly<Record<string, string>>, components: readonly FormComponent[]): { byKey: Record<string, string>; summary: FormErrorLine[] } {
  const known = componentsByKey(components);
  const byKey: Record<string, string> = {};
  const summary: FormErrorLine[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const key = field.startsWith('data.') ? componentKeyOf(field.slice('data.'.length), known) : null;
    if (key) byKey[key] = byKey[key] ? `${byKey[key]}; ${message}` : message;
    const label = key ? (known.get(key)?.label ?? key) : field;
    summary.push({ key, label, message });
  }
  return { byKey, summary };
}

function componentKeyOf(path: string, known: ReadonlyMap<string, FormComponent>): string | null {
  if (known.has(path)) return path;
  const parts = path.split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p));
  for (const candidate of [parts[parts.length - 1], parts[0]]) if (candidate && known.has(candidate)) return candidate;
  return null;
}
