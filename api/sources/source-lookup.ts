import { Source, Unit, audit } from '../../model';
import type { SourceSpec } from '../events/normalise';
import { sourceType, typeOfSourceId } from './catalogue';

/** How long a process trusts a source it read: an admin's edit reaches other API processes within this. */
export const SOURCE_CACHE_MS = 10_000;

/** Registered sources as last read, by id (bounded by the registry: unknown ids are not kept). */
const cache = new Map<string, { spec: SourceSpec; readAt: number }>();

/** Drops a source from this process's cache (its registration changed here). */
export function forgetSource(id: string): void {
  cache.delete(id);
}

/**
 * Finds the sources a batch names — from what this process read in the last SOURCE_CACHE_MS, the
 * rest with one query (on FerretDB 1.24 every query but an exact-`_id` find scans the registry: a
 * storm over 500 sources spent most of FerretDB's time here) — and registers unknown ones whose type
 * allows it, copying the type's template source (the one marked `autoRegister`) or, without one,
 * the catalogue metrics and the root org unit.
 */
export async function lookUpSources(ids: Iterable<string>, now = Date.now()): Promise<Map<string, SourceSpec>> {
  const wanted = [...new Set(ids)];
  const found = new Map<string, SourceSpec>();
  const missing: string[] = [];
  for (const id of wanted) {
    const hit = cache.get(id);
    if (hit && now - hit.readAt < SOURCE_CACHE_MS) found.set(id, hit.spec);
    else missing.push(id);
  }
  if (!missing.length) return found;
  const stored = new Map((await Source.find({ _id: { $in: missing } }).lean()).map((d) => [d._id, d]));
  for (const id of missing) {
    const doc = stored.get(id) ?? (await autoRegister(id));
    if (!doc) {
      cache.delete(id);
      continue;
    }
    const type = sourceType(doc.type);
    const spec: SourceSpec = {
      id,
      type: doc.type,
      unit: doc.unit,
      disabled: doc.disabled,
      location: doc.location,
      openMetrics: type?.openMetrics ?? false,
      metrics: doc.metrics,
    };
    cache.set(id, { spec, readAt: now });
    found.set(id, spec);
  }
  return found;
}

async function autoRegister(id: string) {
  const typeKey = typeOfSourceId(id);
  const type = typeKey ? sourceType(typeKey) : undefined;
  if (!typeKey || !type?.autoRegister) return null;
  // Templates are few (one per auto-registering type), and a source is registered once.
  const template = await Source.findOne({ type: typeKey, autoRegister: true }).lean();
  const unit = template?.unit ?? (await Unit.findOne({ parent: { $exists: false } }, { _id: 1 }).lean())?._id;
  if (!unit) return null;
  const doc = {
    _id: id,
    type: typeKey,
    name: id.slice(typeKey.length + 1),
    unit,
    metrics: template?.metrics ?? type.metrics.map((m) => ({ ...m })),
    autoRegister: false,
    autoRegistered: true,
    disabled: false,
  };
  // Upsert with $setOnInsert: two batches registering the same source at once create it once.
  const res = await Source.collection.updateOne({ _id: id } as never, { $setOnInsert: { ...doc, createdAt: new Date(), updatedAt: new Date() } }, { upsert: true });
  if (res.upsertedCount) await audit({ actor: 'ingest', action: 'source.auto-registered', entity: 'source', entityId: id, after: doc });
  return Source.findById(id).lean();
}
