import { Schema, model, type InferSchemaType } from 'mongoose';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Order of severities, for "only ever raise" comparisons. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
export const INCIDENT_STATUSES = ['open', 'monitoring', 'resolved', 'cancelled', 'failed'] as const;

/**
 * Incident read model, written by workflow activities. `_id` is the first run id of the incident's
 * workflow: stable across retries and continue-as-new, so the write is idempotent.
 */
const incidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    workflowId: { type: String, required: true },
    correlationKey: { type: String, required: true },
    title: { type: String, required: true },
    status: { type: String, enum: INCIDENT_STATUSES, required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    sopKey: { type: String, required: true },
    sopVersion: { type: Number, required: true },
    /** Org unit responsible (scope for operators). */
    unit: { type: String },
    location: { lat: Number, lon: Number },
    detectedAt: { type: Date },
    openedAt: { type: Date, required: true },
    acknowledgedAt: { type: Date },
    resolvedAt: { type: Date },
    /** When a cancelled or failed incident was closed. */
    closedAt: { type: Date },
    resolution: { type: String },
    eventCount: { type: Number, default: 0 },
    lastEventAt: { type: Date },
    /** Bounded list of the most recent event keys (full history lives in the events collection). */
    recentEvents: { type: [String], default: [] },
    /** Free-form fields set by SOP service tasks (`set-incident`). */
    fields: { type: Schema.Types.Mixed },
    /** Service steps that failed and wait for retry or skip, keyed by step id. */
    failedSteps: { type: Schema.Types.Mixed },
    /** Who reported it, for incidents opened by hand. */
    reportedBy: { type: String },
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

export type IncidentDoc = InferSchemaType<typeof incidentSchema>;
export const Incident = model('Incident', incidentSchema, 'incidents');
