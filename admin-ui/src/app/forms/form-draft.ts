/** Pure helpers of the form designer: keys, component paths named in API errors, JSON editing. */

/** A Form.io component as stored; only the properties the designer reads are typed. */
export interface FormComponent {
  type?: string;
  key?: string;
  label?: string;
  input?: boolean;
  components?: FormComponent[];
  columns?: { components?: FormComponent[] }[];
  rows?: { components?: FormComponent[] }[][];
  [prop: string]: unknown;
}

export const FORM_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A form key suggested from a (Vietnamese) title: no diacritics, lower case, dashes. */
export function suggestKey(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * The component a dotted API path points into (`components.1.columns.0.components.2.key`): the
 * deepest component on the path, and the property named after it, if any.
 */
export function componentAtPath(components: readonly FormComponent[], field: string): { component: FormComponent; path: string; prop?: string } | null {
  const parts = field.split('.');
  let node: unknown = { components };
  let found: { component: FormComponent; path: string } | null = null;
  for (let i = 0; i < parts.length; i++) {
    const next: unknown = node && typeof node === 'object' ? (node as Record<string, unknown>)[parts[i]!] : undefined;
    if (next === undefined) break;
    // An object reached through an index of a `components` list is a component.
    if (i > 0 && parts[i - 1] === 'components' && /^\d+$/.test(parts[i]!) && next && typeof next === 'object') {
      found = { component: next as FormComponent, path: parts.slice(0, i + 1).join('.') };
    }
    node = next;
  }
  if (!found) return null;
  const prop = field.slice(found.path.length + 1);
  return prop ? { ...found, prop } : found;
}

/** The API's 400 details split into the designer's own fields (key, title) and problems of components, named for people. */
export function splitProblems(
  components: readonly FormComponent[],
  fields: Readonly<Record<string, string>>,
): { fields: Record<string, string>; components: { name: string; path: string; message: string }[] } {
  const own: Record<string, string> = {};
  const inTree: { name: string; path: string; message: string }[] = [];
  for (const [field, message] of Object.entries(fields)) {
    if (field === 'components' || field.startsWith('components.')) {
      const at = componentAtPath(components, field);
      const c = at?.component;
      inTree.push({ name: c?.label || c?.key || c?.type || field, path: field, message });
    } else {
      own[field] = message;
    }
  }
  return { fields: own, components: inTree };
}

/** Parses the JSON tab's text: a Form.io component array, or the message of what is wrong. */
export function parseComponents(text: string): { components: FormComponent[] } | { error: string; notArray?: true } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: (err as Error).message };
  }
  // A whole form schema (`{display, components}`) is accepted too.
  if (value && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as { components?: unknown }).components)) {
    value = (value as { components: unknown }).components;
  }
  if (!Array.isArray(value) || value.some((c) => !c || typeof c !== 'object' || Array.isArray(c))) return { error: 'not an array', notArray: true };
  return { components: value as FormComponent[] };
}

/** Number of components in a tree, layout included. */
export function countComponents(components: readonly FormComponent[]): number {
  let n = 0;
  for (const c of components) {
    n += 1;
    n += countComponents(c.components ?? []);
    for (const col of c.columns ?? []) n += countComponents(col.components ?? []);
    for (const row of c.rows ?? []) for (const cell of row) n += countComponents(cell.components ?? []);
  }
  return n;
}

/** Vietnamese letters without their marks (`Độ sâu` → `Do sau`), so Form.io can derive a valid key from a label. */
export function withoutDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** The texts Form.io derives a component key from (title, label, placeholder), without diacritics. */
export function keySource<T extends { title?: unknown; label?: unknown; placeholder?: unknown }>(data: T): T {
  const out = { ...data };
  for (const prop of ['title', 'label', 'placeholder'] as const) {
    const v = out[prop];
    if (typeof v === 'string') (out as Record<string, unknown>)[prop] = withoutDiacritics(v);
  }
  return out;
}
