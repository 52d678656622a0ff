import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Stored readings. `_id` is `source|id`, so a repeated (source, id) is rejected by the primary key
 * itself — the one index FerretDB always uses — and a duplicate can never be stored twice.
 */
const eventSchema = new Schema(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    eventId: { type: String, required: true },
    metric: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    /** The measurement unit, after conversion to the metric's registered unit. */
    unit: { type: String },
    /** As sent, when the value was converted (e.g. 320 cm → 3.2 m). */
    rawValue: { type: Number },
    rawUnit: { type: String },
    /** The source's type and org unit (ward) at ingest time, so rules can correlate by ward. */
    sourceType: { type: String },
    orgUnit: { type: String },
    /** The ingest channel: http, ndjson, mqtt, cap, csv. */
    channel: { type: String },
    /** Outside the metric's valid range: stored for the record, never evaluated by rules. */
    suspect: { type: Boolean },
    suspectReason: { type: String },
    observedAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    location: { lat: Number, lon: Number },
    /**
     * Set at storage on readings the rules never look at (suspect ones, CAP alerts). Readings that
     * await the rules are tracked per batch in `pending_evaluations` instead (see PendingEvaluation).
     */
    evaluatedAt: { type: Date },
    /**
     * The area an event concerns (CAP alerts) as GeoJSON *text* — a Polygon or MultiPolygon in
     * `[lon, lat]` order. Text because FerretDB 1.24 cannot store arrays nested in arrays.
     */
    geometry: { type: String },
    /** The full parsed CAP 1.2 message (all info blocks and languages) with what the API decided. */
    cap: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);

export function eventKey(source: string, id: string): string {
  return `${source}|${id}`;
}

export type EventDoc = InferSchemaType<typeof eventSchema>;
export const StoredEvent = model('Event', eventSchema, 'events');

/**
 * One small document per ingested batch whose readings await the rules: written before the readings
 * are stored, deleted once they have been evaluated, so after a crash start-up evaluates what is
 * left. The batch's readings are found again by their shared `receivedAt`. Per batch rather than an
 * `evaluatedAt` per reading because on FerretDB 1.24/SQLite every update is a transaction of its own
 * that finds its document by scanning the collection (the `_id` index is not used for lookups), so
 * marking each reading cost time proportional to the events stored.
 */
const pendingEvaluationSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The `receivedAt` of the batch's readings (a batch shares one; a reading of another batch with the same instant is evaluated again, harmlessly). */
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const PendingEvaluation = model('PendingEvaluation', pendingEvaluationSchema, 'pending_evaluations');
