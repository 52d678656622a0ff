import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * External sends that cannot be taken back (an e-mail, a webhook call), recorded after they
 * succeed. `_id` is the notification key plus the channel (and recipient for e-mail): a retried
 * activity skips what is recorded here instead of sending it again.
 */
const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, enum: ['email', 'webhook'], required: true },
    key: { type: String, required: true },
    incidentId: { type: String, required: true },
    /** E-mail address or webhook URL. */
    target: { type: String, required: true },
    sentAt: { type: Date, required: true },
    /** SMTP message id or HTTP status. */
    receipt: { type: String },
  },
  { versionKey: false },
);

export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
export const Delivery = model('Delivery', deliverySchema, 'deliveries');
