import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Threshold rules. `conditions` is a json-rules-engine condition tree over the event's facts
 * (source, metric, value, …); `source` and `metric` index the rule so an event is only tested
 * against the rules that can match it.
 */
const ruleSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    priority: { type: Number, default: 1 },
    source: { type: String, required: true },
    metric: { type: String, required: true },
    conditions: { type: Schema.Types.Mixed, required: true },
    action: {
      type: { type: String, enum: ['open-incident'], required: true },
      severity: { type: String, enum: ['info', 'warning', 'critical'], required: true },
      /** Template; `{{source}}`, `{{metric}}` are replaced by the event's values. */
      correlationKey: { type: String, required: true },
      sopKey: { type: String, required: true },
      title: { type: String },
    },
  },
  { versionKey: false, timestamps: true },
);

export type RuleDoc = InferSchemaType<typeof ruleSchema>;
export const Rule = model('Rule', ruleSchema, 'rules');
