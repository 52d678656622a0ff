import { Schema, model, type InferSchemaType } from 'mongoose';

const metricSchema = new Schema(
  {
    key: { type: String, required: true },
    /** The unit readings are stored in; readings in another convertible unit are converted to it. */
    unit: { type: String, default: '' },
    /** Valid range: a reading outside it is stored as suspect and not evaluated by rules. */
    min: { type: Number },
    max: { type: Number },
    nameVi: { type: String },
    nameEn: { type: String },
  },
  { _id: false },
);

/**
 * The source registry: every sensor, camera, street, feed or reporter that may send readings.
 * `_id` is `<type>/<name>` so the ingest path finds a source by an exact `_id` lookup.
 */
const sourceSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    name: { type: String, required: true },
    /** The org unit (ward, commune, team) the source belongs to; stored on each of its events. */
    unit: { type: String, required: true },
    location: { lat: Number, lon: Number },
    metrics: { type: [metricSchema], default: [] },
    /** On a source of an auto-registering type: the template whose unit and metrics new sources of the type copy. */
    autoRegister: { type: Boolean, default: false },
    /** Set on sources created by the ingest path rather than by an admin. */
    autoRegistered: { type: Boolean, default: false },
    disabled: { type: Boolean, default: false },
  },
  {
    versionKey: false,
    timestamps: true,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        ret.id = ret._id;
        delete ret._id;
        return ret;
      },
    },
  },
);

export type SourceDoc = InferSchemaType<typeof sourceSchema> & { _id: string };
export const Source = model('Source', sourceSchema, 'sources');

/**
 * API keys of machine senders. `_id` is the SHA-256 of the key, so checking a key is one exact-`_id`
 * lookup (the one FerretDB always pushes down) and the key itself is never stored.
 */
const sourceKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    keyId: { type: String, required: true },
    source: { type: String, required: true },
    /** The first characters of the key, so an admin can tell keys apart. */
    prefix: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedBy: { type: String },
  },
  { versionKey: false },
);

export type SourceKeyDoc = InferSchemaType<typeof sourceKeySchema>;
export const SourceKey = model('SourceKey', sourceKeySchema, 'source_keys');
