import fc from 'fast-check';

/** Values that must never reach a query or an object merge as keys. */
const HOSTILE_KEYS = ['$where', '$ne', '$gt', '$set', 'a.b', 'data.$', '__proto__', 'constructor', 'prototype', ''];

/** Path parameters: empty-ish, traversal, operators, huge, control characters, unicode. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('$ne', '{"$gt":""}', '..', '../..%2Fadmin', '__proto__', 'constructor', 'null', 'undefined', '0', '-1', '%00', ' ', 'ñ/ö', '[]', '1e309'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
);

/** A JSON value nested `depth` levels deep through objects or arrays. */
const deep = (depth: number, inArray: boolean): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = inArray ? [v] : { a: v };
  return v;
};

/** Object keys that are attacks, mixed with ordinary ones. */
const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 }));

/** A JSON body: wrong types, hostile keys, deep nesting, huge strings, arrays where objects belong. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: false }),
  fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  fc.record({ data: fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }),
  fc.constantFrom(null, 0, -1, true, 'string', [], [{}], { id: { $ne: null } }, { username: { $gt: '' }, password: { $gt: '' } }),
  fc.integer({ min: 50, max: 400 }).chain((d) => fc.boolean().map((arr) => deep(d, arr))),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => ({ name: 'x'.repeat(n), data: { notes: 'y'.repeat(n) } })),
);

/** Raw bodies the JSON parser must refuse cleanly. */
const brokenText = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', 'null', '"str"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '\u0000', '{"a":1}{"b":2}', 'NaN'),
  fc.string({ maxLength: 200 }),
);

export interface HostileRequest {
  param: string;
  query: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };
}

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.record({
  param: hostileParam,
  query: fc.oneof(fc.constant({}), fc.dictionary(key, fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('[object Object]', '-1', '1e309', '9'.repeat(400))), { maxKeys: 3 })),
  body: fc.oneof(
    hostileJson.map((value) => ({ kind: 'json' as const, value })),
    fc.record({
      kind: fc.constant('raw' as const),
      text: brokenText,
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-ndjson',
        'text/csv',
      ),
    }),
  ),
});
