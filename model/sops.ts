import { Schema, model, type InferSchemaType } from 'mongoose';

/** Deployed SOP versions: immutable. `_id` is `key@version`. */
const sopVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    bpmnXml: { type: String, required: true },
    /** The compiled executable graph (plain JSON) the workflow interprets. */
    graph: { type: Schema.Types.Mixed, required: true },
    graphHash: { type: String, required: true },
    deployedBy: { type: String },
    deployedAt: { type: Date, required: true },
    /** Under four eyes: the second admin who approved this version, and the change request it came from. */
    approvedBy: { type: String },
    changeId: { type: String },
  },
  { versionKey: false },
);

/** One document per SOP key pointing at its latest deployed version (an exact-_id read when starting incidents). */
const sopHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    latestVersion: { type: Number, required: true },
  },
  { versionKey: false, timestamps: true },
);

export function sopVersionId(key: string, version: number): string {
  return `${key}@${version}`;
}

export type SopVersionDoc = InferSchemaType<typeof sopVersionSchema>;
export const SopVersion = model('SopVersion', sopVersionSchema, 'sop_versions');
export const SopHead = model('SopHead', sopHeadSchema, 'sops');
