import { Source, Unit, audit } from '../../model';
import type { SourceSpec } from '../events/normalise';
import { sourceType, typeOfSourceId } from './catalogue';

/**
 * Finds the sources a batch names with one query — on FerretDB 1.24 even an exact-`_id` read scans
 * the collection, so one read per source scanned the registry once per source — and registers
 * unknown ones whose type allows it, copying the type's template source (the one marked
 * `autoRegister`) or, without one, the catalogue metrics and the root org unit.
 */
export async function lookUpSources(ids: Iterable<string>): Promise<Map<string, SourceSpec>> {
  const wanted = [...new Set(ids)];
  const found = new Map<string, SourceSpec>();
  if (!wanted.length) return found;
  const stored = new Map((await Source.find({ _id: { $in: wanted } }).lean()).map((d) => [d._id, d]));
  for (const id of wanted) {
    const doc = stored.get(id) ?? (await autoRegister(id));
    if (!doc) continue;
    const type = sourceType(doc.type);
    found.set(id, {
      id,
      type: doc.type,
      unit: doc.unit,
      disabled: doc.disabled,
      location: doc.location,
      openMetrics: type?.openMetrics ?? false,
      metrics: doc.metrics,
    });
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
