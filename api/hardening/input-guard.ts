import type { RequestHandler } from 'express';
import { badRequest } from '../http-errors';

/** Deeper than any form definition or rule the API stores; deeper input is hostile or broken. */
export const MAX_DEPTH = 64;

/**
 * Why a key may not reach Mongoose: `$…` is a MongoDB operator (`{"$ne": null}` in a filter),
 * a dotted key addresses a nested path in an update, and `__proto__` pollutes prototypes when
 * merged. Nothing the API accepts needs such keys: Form.io keeps nested data as nested objects and
 * its logic (JSONLogic) uses operators like `==`/`var`; json-rules-engine rules put `$.location.lat`
 * in a `path` value, not a key; BPMN, CAP and CSV arrive as text and are not walked here.
 */
function badKey(key: string): string | undefined {
  if (key.startsWith('$')) return 'keys may not start with "$"';
  if (key.includes('.')) return 'keys may not contain "."';
  if (key === '__proto__') return 'key "__proto__" is not allowed';
  return undefined;
}

interface Finding {
  field: string;
  message: string;
}

/** The first offending key (or too-deep spot) in a parsed JSON value, walked iteratively. */
export function findHostileKey(value: unknown, root: string): Finding | undefined {
  const todo: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (todo.length) {
    const { v, path, depth } = todo.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) return { field: path, message: `nested deeper than ${MAX_DEPTH} levels` };
    for (const key of Object.keys(v)) {
      const child = path ? `${path}.${key}` : key;
      if (!Array.isArray(v)) {
        const why = badKey(key);
        if (why) return { field: child, message: why };
      }
      todo.push({ v: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Answers 400 naming the field when a JSON body or the query string carries an operator-injection key. */
export function rejectOperatorKeys(): RequestHandler {
  return (req, _res, next) => {
    const found = findHostileKey(req.query, 'query') ?? (req.body !== null && typeof req.body === 'object' ? findHostileKey(req.body, '') : undefined);
    if (found) throw badRequest('request carries a forbidden key', [{ field: found.field || '(body)', message: found.message }]);
    next();
  };
}
