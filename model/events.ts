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
    /** Set once the rules have looked at this event; unset events are re-evaluated after a crash. */
    evaluatedAt: { type: Date },
    /** Keys of the rules this event fired. */
    fired: { type: [String], default: undefined },
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
