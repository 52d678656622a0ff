import { Schema, model, type InferSchemaType } from 'mongoose';
import { AuditLink, appendLink, positionsOf, recordPosition } from './audit-chain';
import { storable } from './audit-hash';

/** Append-only record of every state change: who, what, when, before and after. */
const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    /** Position in the hash chain and the chain's hash there (see audit-chain.ts); stamped once linked. */
    seq: { type: Number },
    hash: { type: String },
  },
  { versionKey: false },
);

export type AuditDoc = InferSchemaType<typeof auditSchema>;
export const Audit = model('Audit', auditSchema, 'audit');

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /**
   * Idempotency key for writes made by retried activities: the same key is recorded once.
   * Omitted for user actions, which happen once by construction.
   */
  key?: string;
}

let sequence = 0;
function uniqueId(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${Date.now().toString(36)}-${process.pid.toString(36)}-${sequence.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Writes one audit entry and links it into the hash chain. The entry is inserted first, under its
 * idempotency key when it has one, so the key still decides "recorded once"; then it is appended to
 * the chain, and its position recorded beside it (audit_positions). A retried activity whose entry
 * exists but has no position (its first attempt crashed between the writes) links it now — unless a link already names
 * it, which only this rare path looks up by scanning. Callers pass plain objects, never whole
 * documents with secrets.
 */
export async function audit({ key, ...entry }: AuditEntry): Promise<void> {
  const doc = {
    _id: key ?? uniqueId(),
    at: new Date(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    // Stored as the verifier will read them back, so the hash taken now is the one it recomputes.
    ...(entry.before === undefined ? {} : { before: storable(entry.before) }),
    ...(entry.after === undefined ? {} : { after: storable(entry.after) }),
  };
  let fields = doc;
  try {
    await Audit.collection.insertOne(doc as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // otherwise a retried activity already recorded it
    const existing = await Audit.collection.findOne({ _id: doc._id as never });
    if (!existing || existing.seq != null || (await positionsOf([doc._id])).size) return;
    if (await AuditLink.collection.findOne({ entryId: doc._id })) return;
    fields = existing as unknown as typeof doc;
  }
  await recordPosition(doc._id, await appendLink(doc._id, fields));
}
