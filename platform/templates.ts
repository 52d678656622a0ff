/**
 * `{{path.to.value}}` templates over nested variables: pure, shared by the rule engine (flat event
 * facts are the one-segment case) and the service-task activities. An unknown path stays visible
 * as written, so a mistake in an SOP shows in the message instead of vanishing.
 */

const PLACEHOLDER = /\{\{\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g;

/** The value at a dotted path (`incident.title`, `items.0.name`), or undefined when any segment is missing. */
export function lookupPath(variables: unknown, path: string): unknown {
  let current: unknown = variables;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** How one value reads inside text: dates as ISO 8601, objects and arrays as JSON. */
export function formatValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Replaces each `{{path}}` with its value; missing (or null) values leave the placeholder as written. */
export function renderTemplate(template: string, variables: unknown): string {
  return template.replace(PLACEHOLDER, (whole, path: string) => {
    const value = lookupPath(variables, path);
    return value === undefined || value === null ? whole : formatValue(value);
  });
}

/** Renders every string inside a JSON-like value (object keys are left alone). */
export function renderDeep(value: unknown, variables: unknown): unknown {
  if (typeof value === 'string') return renderTemplate(value, variables);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, variables));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, variables)]));
  }
  return value;
}
