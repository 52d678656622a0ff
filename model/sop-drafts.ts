import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The admin's working copy of an SOP, one per key (`_id` = key). Mutable, unlike deployed
 * versions: saving overwrites it, deploying compiles it into a new `SopVersion`.
 */
const sopDraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    bpmnXml: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type SopDraftDoc = InferSchemaType<typeof sopDraftSchema>;
export const SopDraft = model('SopDraft', sopDraftSchema, 'sop_drafts');
