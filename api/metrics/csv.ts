/** Excel reads a UTF-8 file as the local code page unless it starts with a byte-order mark. */
export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

/**
 * One cell, RFC 4180 quoted when it holds a comma, quote or line break. Text starting with
 * = + - @ or a tab is prefixed with an apostrophe so a spreadsheet shows it rather than running it
 * as a formula (incident titles can come from citizens); numbers are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table with a header row, CRLF line ends and a BOM. */
export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns, ...rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** Rows of objects as a table with the given columns (the object's keys), in that order. */
export function objectsToCsv<T extends object>(columns: readonly (keyof T & string)[], items: readonly T[]): string {
  return toCsv(
    columns,
    items.map((item) => columns.map((c) => item[c] as Cell)),
  );
}

/**
 * A nested object as `field,value` rows with dotted paths (`open.byWard.0.total`): every number of
 * a view that is not one table, and nothing else.
 */
export function flatten(value: unknown, prefix = ''): [string, Cell][] {
  if (value instanceof Date) return [[prefix, value.toISOString()]];
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value as Cell]];
}
