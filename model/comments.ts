import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The incident's discussion: comments, and leaders' directives (chỉ đạo), which stay pinned.
 * Kept apart from the incident document so a long thread never grows it.
 */
const commentSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentId: { type: String, required: true },
    author: { type: String, required: true },
    kind: { type: String, enum: ['comment', 'directive'], required: true },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type CommentDoc = InferSchemaType<typeof commentSchema>;
export const Comment = model('Comment', commentSchema, 'comments');
