import { Schema, model } from 'mongoose';

/**
 * One document per claim of a task: `_id` = `${taskId}#${claimGeneration}`. Inserting it is the
 * claim — the primary key makes exactly one of two racing claims succeed on MongoDB and on
 * FerretDB alike (FerretDB 1.24 runs a conditional update as a read and a separate write, so two
 * `findOneAndUpdate({status: 'open'})` calls can both win). Releasing moves the generation on.
 */
const taskClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    user: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const TaskClaim = model('TaskClaim', taskClaimSchema, 'task_claims');
