/** A problem in a Form.io component tree, with the dotted path of the component at fault (`components.2.columns.0.components.1`). */
export interface TreeProblem {
  field: string;
  message: string;
}

/** Component types whose children get their own data scope (their keys may repeat keys outside). */
const SCOPED = new Set(['datagrid', 'editgrid', 'container', 'datamap', 'tagpad']);
/** Form.io data keys: a letter or underscore, then letters, digits, `_`, `-` or `.`. */
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/**
 * Minimal structural check of a Form.io component tree before it is stored as a version: every
 * component is an object with a `type`, and every input has a key that is unique in its data scope.
 * Form.io itself checks the rest when it renders or validates.
 */
export function checkComponents(components: unknown[], path = 'components'): TreeProblem[] {
  const problems: TreeProblem[] = [];
  walk(components, path, new Map(), problems);
  return problems;
}

function walk(list: unknown, path: string, seen: Map<string, string>, problems: TreeProblem[]): void {
  if (!Array.isArray(list)) {
    problems.push({ field: path, message: 'must be an array of components' });
    return;
  }
  list.forEach((c, i) => {
    const at = `${path}.${i}`;
    if (!c || typeof c !== 'object' || Array.isArray(c)) {
      problems.push({ field: at, message: 'must be a component object' });
      return;
    }
    const comp = c as Record<string, unknown>;
    if (typeof comp.type !== 'string' || !comp.type) problems.push({ field: `${at}.type`, message: 'a component needs a type' });
    if (comp.input === true) {
      if (typeof comp.key !== 'string' || !KEY.test(comp.key)) {
        problems.push({ field: `${at}.key`, message: 'an input needs a key: a letter or _, then letters, digits, _, - or .' });
      } else if (seen.has(comp.key)) {
        problems.push({ field: `${at}.key`, message: `duplicate key "${comp.key}" (also used at ${seen.get(comp.key)})` });
      } else {
        seen.set(comp.key, at);
      }
    }
    const inner = SCOPED.has(String(comp.type)) ? new Map<string, string>() : seen;
    if (comp.components !== undefined) walk(comp.components, `${at}.components`, inner, problems);
    if (Array.isArray(comp.columns)) {
      comp.columns.forEach((col: unknown, j) => {
        const cells = (col as { components?: unknown } | null)?.components;
        if (cells !== undefined) walk(cells, `${at}.columns.${j}.components`, inner, problems);
      });
    }
    if (Array.isArray(comp.rows)) {
      // Tables: rows of cells, each cell `{components}`.
      comp.rows.forEach((row: unknown, r) => {
        if (!Array.isArray(row)) return;
        row.forEach((cell: unknown, k) => {
          const cells = (cell as { components?: unknown } | null)?.components;
          if (cells !== undefined) walk(cells, `${at}.rows.${r}.${k}.components`, inner, problems);
        });
      });
    }
  });
}
