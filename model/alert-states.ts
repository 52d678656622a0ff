import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The alert state machine of one (rule, correlation key): `_id` is `ruleKey|correlationKey`, read
 * and written by exact `_id` only (the one lookup FerretDB does not scan for). `outbox` holds the
 * signals a transition produced, written in the same single-document write as the state change —
 * FerretDB has no transactions, so this is what makes "state moved" and "Temporal will hear of it"
 * one atomic fact. The evaluator then copies them to the outbox collection (deterministic ids, so a
 * repeated copy is a no-op) and empties the array; a crash in between is repaired on start.
 */
const alertStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    ruleKey: { type: String, required: true },
    correlationKey: { type: String, required: true },
    /** Rule version that made the last transition. */
    ruleVersion: { type: Number },
    status: { type: String, enum: ['normal', 'pending', 'firing', 'recovering'], required: true },
    severity: { type: String, enum: ['info', 'warning', 'critical'] },
    since: { type: Number },
    episode: { type: Number, default: 0 },
    peak: { type: Number },
    lastSignalAt: { type: Number },
    lastAt: { type: Number },
    lastEventKey: { type: String },
    /** The reading behind the last write (source, metric, value, ward, location): the periodic tick words its signals from it. */
    reading: { type: Schema.Types.Mixed },
    /** Optimistic concurrency: every write is conditioned on the revision it read. */
    rev: { type: Number, required: true },
    outbox: { type: [Schema.Types.Mixed], default: [] },
    updatedAt: { type: Date },
  },
  { versionKey: false },
);

export type AlertStateDoc = InferSchemaType<typeof alertStateSchema>;
export const AlertStateModel = model('AlertState', alertStateSchema, 'alert_states');
