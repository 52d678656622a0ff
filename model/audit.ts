import { Schema, model, type InferSchemaType } from 'mongoose';

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

/** Writes one audit entry. Callers pass plain objects, never whole documents with secrets. */
export async function audit({ key, ...entry }: AuditEntry): Promise<void> {
  try {
    await Audit.collection.insertOne({ _id: key ?? uniqueId(), ...entry, at: new Date() } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // a retried activity already recorded it
  }
}
