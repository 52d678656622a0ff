import { Schema, model, type InferSchemaType } from 'mongoose';

export const OUTBOX_KINDS = ['incident-signal', 'incident-event', 'incident-cancel', 'incident-cleared'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Work that must reach Temporal. Written before delivery with a deterministic `_id`, deleted once
 * Temporal accepted it, so the collection stays as small as the backlog and a redelivery is harmless.
 */
const outboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    /**
     * `incident-signal`: signal-with-start (opens or joins an incident); `incident-event`: a signal
     * to a running incident only; `incident-cancel`: the cancel Update (both from CAP Update/Cancel);
     * `incident-cleared`: a rule's clear condition held (signal to a running incident only).
     */
    kind: { type: String, enum: OUTBOX_KINDS, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    /** A record that failed on its own (not Temporal being down) is not retried before this time. */
    nextAttemptAt: { type: Date },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const Outbox = model('Outbox', outboxSchema, 'outbox');
