import { Schema, model, type InferSchemaType } from 'mongoose';

export const TASK_STATUSES = ['open', 'claimed', 'completed', 'skipped', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * Human steps (the inbox). `_id` is derived from the incident, the step and its activation count,
 * so a retried createTask activity finds the task it already wrote instead of adding a second one.
 */
const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentId: { type: String, required: true },
    workflowId: { type: String, required: true },
    /** First run id of the workflow that runs the step (a call activity's child, or the incident's own). */
    workflowRunId: { type: String },
    stepId: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    /** Candidate unit and role; `assignee` is the user who claimed it. */
    unit: { type: String },
    role: { type: String },
    candidateUser: { type: String },
    assignee: { type: String },
    /** Moves on with every release, so the next claim inserts a new TaskClaim key. */
    claimGeneration: { type: Number, default: 0 },
    formKey: { type: String },
    formVersion: { type: Number },
    createdAt: { type: Date, required: true },
    claimedAt: { type: Date },
    completedAt: { type: Date },
    completedBy: { type: String },
    dueAt: { type: Date },
    data: { type: Schema.Types.Mixed },
    /** Skippable steps may be skipped with a justification; required ones may not. */
    skippable: { type: Boolean, default: false },
    skipJustification: { type: String },
    /** For one item of a multi-instance step: its 0-based index and the item (e.g. the ward). */
    item: { type: Schema.Types.Mixed },
    /** Escalation level last told (1 = first level), and when; when the assignees were reminded. */
    escalationLevel: { type: Number },
    escalatedAt: { type: Date },
    remindedAt: { type: Date },
    cancelReason: { type: String },
    /** Set when reassigned by hand. */
    reassignedBy: { type: String },
  },
  {
    versionKey: false,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        ret.id = ret._id;
        delete ret._id;
        return ret;
      },
    },
  },
);

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const Task = model('Task', taskSchema, 'tasks');
