import { Schema, model, type InferSchemaType } from 'mongoose';

export const CHANGE_KINDS = ['sop.deploy', 'rule.save', 'rule.enable', 'rule.disable', 'rule.delete'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'superseded'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/**
 * A change an admin asked for that goes live only once another admin approves it (four eyes). The
 * proposed content is kept whole: the BPMN of an SOP deploy, or the rule body as JSON text (a rule
 * may nest arrays, which FerretDB 1.24 refuses). `status` is a readable copy of the decision;
 * the decision itself is the `ChangeDecision` document, whose unique `_id` lets exactly one decider win.
 */
const changeRequestSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: CHANGE_KINDS, required: true },
    entity: { type: String, enum: ['sop', 'rule'], required: true },
    key: { type: String, required: true },
    title: { type: String, required: true },
    /** The version live when the change was asked for (null: none yet); approving a stale request is refused. */
    baseVersion: { type: Number, default: null },
    /** `{ name, bpmnXml }` of an SOP, or the rule body, as JSON text; absent for a delete. */
    payloadJson: { type: String },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    status: { type: String, enum: CHANGE_STATUSES, required: true },
    decidedBy: { type: String },
    decidedAt: { type: Date },
    reason: { type: String },
    /** The version the approval made live. */
    resultVersion: { type: Number },
  },
  { versionKey: false },
);
export type ChangeRequestDoc = InferSchemaType<typeof changeRequestSchema>;
export const ChangeRequest = model('ChangeRequest', changeRequestSchema, 'change_requests');

/**
 * The one decision on a request (`_id` = the request's id). Inserting it is deciding: of two admins
 * approving at once, or an approval racing a newer request that supersedes, exactly one insert wins.
 * An approval whose apply was interrupted (a crash) is finished from here on the next start.
 */
const changeDecisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    decision: { type: String, enum: ['approved', 'rejected', 'withdrawn', 'superseded'], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String },
  },
  { versionKey: false },
);
export const ChangeDecision = model('ChangeDecision', changeDecisionSchema, 'change_decisions');
