import { Schema, model, type InferSchemaType } from 'mongoose';

/** Org units: the city, its wards and communes, and teams under them. `_id` is a stable slug. */
const unitSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ['city', 'ward', 'commune', 'team', 'department'], required: true },
    parent: { type: String },
  },
  { versionKey: false, timestamps: true },
);

export type UnitDoc = InferSchemaType<typeof unitSchema>;
export const Unit = model('Unit', unitSchema, 'units');
