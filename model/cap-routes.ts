import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Which SOP a CAP 1.2 `Alert` opens. A route matches an info block when the block has one of its
 * categories (any when empty) and its event text contains one of `eventContains` (any when empty,
 * case- and Unicode-normalisation-insensitive); the enabled route with the lowest priority wins.
 */
const capRouteSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    priority: { type: Number, default: 100 },
    categories: { type: [String], default: [] },
    eventContains: { type: [String], default: [] },
    sopKey: { type: String, required: true },
  },
  { versionKey: false },
);

export type CapRouteDoc = InferSchemaType<typeof capRouteSchema> & { _id: string };
export const CapRoute = model('CapRoute', capRouteSchema, 'cap_routes');
