import { Source, Unit, audit } from '../../model';
import type { SourceSpec } from '../events/normalise';
import { sourceType, typeOfSourceId } from './catalogue';

/** How long a process trusts the registry it read: an admin's edit reaches other API processes within this. */
export const SOURCE_CACHE_MS = 10_000;

/**
 * The source registry as this process last read it, whole: one scan per SOURCE_CACHE_MS instead of
 * one per batch (on FerretDB 1.24 every query but an exact-`_id` find scans the collection; a storm
 * over 500 sources spent most of FerretDB's time reading sources). A source missing from it is
 * looked up on its own, so a newly registered one is known at once.
 */
class Registry {
  private specs = new Map<string, SourceSpec>();
  private readAt = Number.NEGATIVE_INFINITY;
  private reading?: Promise<void>;

  async fresh(now: number): Promise<Map<string, SourceSpec>> {
    if (now - this.readAt >= SOURCE_CACHE_MS) {
      this.reading ??= this.readAll(now).finally(() => (this.reading = undefined));
      await this.reading;
    }
    return this.specs;
  }

  add(spec: SourceSpec): void {
    this.specs.set(spec.id, spec);
  }

  forget(id: string): void {
    this.specs.delete(id);
  }

  private async readAll(now: number): Promise<void> {
    const docs = await Source.find({}).lean();
    this.specs = new Map(docs.map((d) => [d._id, specOf(d._id, d)]));
    this.readAt = now;
  }
}

const registry = new Registry();

/** Drops a source from this process's copy of the registry (its registration changed here). */
export function forgetSource(id: string): void {
  registry.forget(id);
}

/**
 * Finds the sources a batch names — from this process's copy of the registry, any it lacks with
 * one query — and registers unknown ones whose type allows it, copying the type's template source
 * (the one marked `autoRegister`) or, without one, the catalogue metrics and the root org unit.
 */
export async function lookUpSources(ids: Iterable<string>, now = Date.now()): Promise<Map<string, SourceSpec>> {
  const wanted = [...new Set(ids)];
  const found = new Map<string, SourceSpec>();
  if (!wanted.length) return found;
  const known = await registry.fresh(now);
  const missing: string[] = [];
  for (const id of wanted) {
    const spec = known.get(id);
    if (spec) found.set(id, spec);
    else missing.push(id);
  }
  if (!missing.length) return found;
  const stored = new Map((await Source.find({ _id: { $in: missing } }).lean()).map((d) => [d._id, d]));
  for (const id of missing) {
    const doc = stored.get(id) ?? (await autoRegister(id));
    if (!doc) continue;
    const spec = specOf(id, doc);
    registry.add(spec);
    found.set(id, spec);
  }
  return found;
}

function specOf(id: string, doc: { type: string; unit: string; disabled?: boolean; location?: SourceSpec['location']; metrics: SourceSpec['metrics'] }): SourceSpec {
  return {
    id,
    type: doc.type,
    unit: doc.unit,
    disabled: doc.disabled,
    location: doc.location,
    openMetrics: sourceType(doc.type)?.openMetrics ?? false,
    metrics: doc.metrics,
  };
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
