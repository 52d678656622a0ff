import { createHash } from 'node:crypto';

/** The hash before the first entry: the chain's anchor. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry that its hash covers (everything but ids, the key and the chain fields themselves). */
export interface HashedFields {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The value as the database will give it back, so the hash taken at write time is the one the
 * verifier recomputes from the stored document: undefined properties are dropped (BSON would keep
 * some as null), undefined array items become null (as JSON does), Dates stay Dates, objects become
 * plain objects. Callers pass plain data; anything else (class instances) is reduced the same way.
 */
export function storable(value: unknown): unknown {
  if (value === undefined || value === null) return value ?? null;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : storable(v)));
  if (typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return storable(json.call(value));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = storable(v);
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/**
 * JSON with object keys in code-point order at every depth, Dates as ISO strings, no whitespace:
 * the same data always gives the same bytes, whatever order the database returns the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return canonicalJson(json.call(value));
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

/** sha256(prevHash + canonical JSON of the entry's hashed fields), hex. */
export function entryHash(prevHash: string, e: HashedFields): string {
  const fields = { seq: e.seq, at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, before: e.before ?? null, after: e.after ?? null };
  return createHash('sha256')
    .update(prevHash + canonicalJson(fields))
    .digest('hex');
}
