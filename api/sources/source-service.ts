import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Source, SourceKey, Unit, audit } from '../../model';
import { conflict, notFound, unprocessable } from '../http-errors';
import { SOURCE_TYPE_KEYS, sourceType } from './catalogue';
import { forgetSource } from './source-lookup';
import { within, type LatLon } from './distance';

const DEFAULT_NEAR_RADIUS_KM = 2;

const metricInput = z
  .object({
    key: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/),
    unit: z.string().max(20).default(''),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    nameVi: z.string().max(200).optional(),
    nameEn: z.string().max(200).optional(),
  })
  .strict()
  .refine((m) => m.min === undefined || m.max === undefined || m.min <= m.max, { message: 'min must not exceed max', path: ['min'] });

const sourceFields = {
  name: z.string().min(1).max(200),
  unit: z.string().min(1).max(100),
  location: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .strict()
    .optional(),
  metrics: z.array(metricInput).max(100).default([]),
  autoRegister: z.boolean().default(false),
  disabled: z.boolean().default(false),
};

export const createSourceInput = z
  .object({
    id: z
      .string()
      .min(3)
      .max(200)
      .regex(/^[a-z0-9-]+\/[^$|\u0000/][^$|\u0000]*$/, 'must be <type>/<name> without $, | or NUL'),
    type: z.enum(SOURCE_TYPE_KEYS as [string, ...string[]]),
    ...sourceFields,
  })
  .strict();
export const updateSourceInput = z.object(sourceFields).strict();

export type CreateSourceInput = z.infer<typeof createSourceInput>;
export type UpdateSourceInput = z.infer<typeof updateSourceInput>;

/** Registry CRUD and API keys; every change is audited with its actor. */
export class SourceService {
  /** Sources of the units in `scopeUnits` (the caller's unit subtree), filtered in the query itself. */
  async list(scopeUnits: string[], filter: { type?: string; unit?: string; near?: LatLon; radiusKm?: number } = {}) {
    const units = filter.unit ? scopeUnits.filter((u) => u === filter.unit) : scopeUnits;
    const docs = await Source.find({ ...(filter.type ? { type: filter.type } : {}), unit: { $in: units } })
      .sort({ _id: 1 })
      .lean();
    // Sources are few (hundreds): the distance is computed here rather than by a geo index FerretDB lacks.
    const items = filter.near ? within(docs.map(toView), filter.near, filter.radiusKm ?? DEFAULT_NEAR_RADIUS_KM) : docs.map(toView);
    return { items, total: items.length };
  }

  /** A source outside the caller's units is "not found", as if it did not exist. */
  async get(scopeUnits: string[], id: string) {
    const doc = await Source.findById(id).lean();
    if (!doc || !scopeUnits.includes(doc.unit)) throw notFound('source');
    return toView(doc);
  }

  async create(actor: string, input: CreateSourceInput) {
    if (!input.id.startsWith(`${input.type}/`)) throw unprocessable(`source id must start with '${input.type}/'`, [{ field: 'id', message: `expected ${input.type}/<name>` }]);
    await this.checkFields(input.type, input);
    const { id, ...rest } = input;
    const doc = { _id: id, ...rest, autoRegistered: false };
    try {
      await Source.create(doc);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw conflict(`source '${id}' already exists`);
      throw err;
    }
    forgetSource(id);
    await audit({ actor, action: 'source.created', entity: 'source', entityId: id, after: doc });
    return toView((await Source.findById(id).lean())!);
  }

  async update(actor: string, id: string, input: UpdateSourceInput) {
    const before = await Source.findById(id).lean();
    if (!before) throw notFound('source');
    await this.checkFields(before.type, input);
    const after = await Source.findOneAndUpdate({ _id: id }, { $set: input }, { returnDocument: 'after' }).lean();
    forgetSource(id);
    if (!after) throw notFound('source');
    await audit({ actor, action: 'source.updated', entity: 'source', entityId: id, before: withoutTimes(before), after: withoutTimes(after) });
    return toView(after);
  }

  /** Removes the source and revokes its keys; its stored events stay. */
  async remove(actor: string, id: string) {
    const before = await Source.findOneAndDelete({ _id: id }).lean();
    forgetSource(id);
    if (!before) throw notFound('source');
    await SourceKey.updateMany({ source: id, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date(), revokedBy: actor } });
    await audit({ actor, action: 'source.deleted', entity: 'source', entityId: id, before: withoutTimes(before) });
  }

  /**
   * A new API key for a machine sender, returned once. Keys are 256 random bits, so SHA-256 is
   * enough to store them: a slow password hash protects guessable secrets, and these cannot be
   * guessed or brute-forced from a leaked hash. Several keys may be active at once (rotation).
   */
  async createKey(actor: string, id: string) {
    if (!(await Source.exists({ _id: id }))) throw notFound('source');
    const key = `cok_${randomBytes(32).toString('base64url')}`;
    const keyId = `k_${randomBytes(6).toString('hex')}`;
    const createdAt = new Date();
    await SourceKey.collection.insertOne({ _id: hashApiKey(key), keyId, source: id, prefix: key.slice(0, 10), createdBy: actor, createdAt } as never);
    await audit({ actor, action: 'source.key.created', entity: 'source', entityId: id, after: { keyId, prefix: key.slice(0, 10) } });
    return { keyId, key, source: id, createdAt };
  }

  async listKeys(id: string) {
    const keys = await SourceKey.find({ source: id }).lean();
    return { items: keys.map((k) => ({ keyId: k.keyId, prefix: k.prefix, createdBy: k.createdBy, createdAt: k.createdAt, revokedAt: k.revokedAt ?? null })) };
  }

  async revokeKey(actor: string, id: string, keyId: string) {
    const revoked = await SourceKey.findOneAndUpdate({ source: id, keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date(), revokedBy: actor } }).lean();
    if (!revoked) throw notFound('active key');
    await audit({ actor, action: 'source.key.revoked', entity: 'source', entityId: id, after: { keyId } });
  }

  private async checkFields(type: string, input: UpdateSourceInput) {
    const catalogue = sourceType(type)!;
    const problems: { field: string; message: string }[] = [];
    if (!(await Unit.exists({ _id: input.unit }))) problems.push({ field: 'unit', message: `unknown org unit '${input.unit}'` });
    if (input.autoRegister && !catalogue.autoRegister) problems.push({ field: 'autoRegister', message: `sources of type '${type}' are never auto-registered` });
    const seen = new Set<string>();
    input.metrics.forEach((m, i) => {
      if (seen.has(m.key)) problems.push({ field: `metrics.${i}.key`, message: `duplicate metric '${m.key}'` });
      seen.add(m.key);
      if (!catalogue.openMetrics && !catalogue.metrics.some((c) => c.key === m.key))
        problems.push({ field: `metrics.${i}.key`, message: `metric '${m.key}' is not one a '${type}' may carry (${catalogue.metrics.map((c) => c.key).join(', ')})` });
    });
    if (problems.length) throw unprocessable('invalid source', problems);
  }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function withoutTimes<T extends object>(doc: T): Omit<T, 'createdAt' | 'updatedAt'> {
  const copy = { ...doc } as Record<string, unknown>;
  delete copy.createdAt;
  delete copy.updatedAt;
  return copy as Omit<T, 'createdAt' | 'updatedAt'>;
}

function toView<T extends { _id: string }>(doc: T) {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
