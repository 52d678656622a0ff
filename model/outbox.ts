import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Work that must reach Temporal. Written before delivery with a deterministic `_id`, deleted once
 * Temporal accepted it, so the collection stays as small as the backlog and a redelivery is harmless.
 */
const outboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['incident-signal', 'incident-cleared'], required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const Outbox = model('Outbox', outboxSchema, 'outbox');
