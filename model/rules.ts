import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Threshold rules, current version per key (`_id` = rule key). The CityOps fields around the
 * json-rules-engine conditions — levels, pendingFor, keepFiringFor, clear, correlationKey, action,
 * schedule, maintenanceWindows — are described by `RuleDefinition` in rules/rule-index.ts and
 * validated by the API (api/rules/schemas.ts); the schema stores them as given. `source`/`sourceType`
 * plus `metric` index the rule so an event is only tested against the rules that can match it.
 */
const ruleFields = {
  name: { type: String, required: true },
  version: { type: Number, default: 1 },
  enabled: { type: Boolean, default: true },
  priority: { type: Number, default: 1 },
  source: { type: String },
  sourceType: { type: String },
  metric: { type: String, required: true },
  conditions: { type: Schema.Types.Mixed },
  levels: { type: Schema.Types.Mixed },
  /** The condition trees (conditions, levels, clear) as JSON text: see `toStoredRule`. */
  treesJson: { type: String },
  pendingFor: { type: String },
  sustainedFor: { type: String },
  keepFiringFor: { type: String },
  clear: { type: Schema.Types.Mixed },
  peakSignalEvery: { type: String },
  correlationKey: { type: String },
  action: { type: Schema.Types.Mixed, required: true },
  schedule: { type: Schema.Types.Mixed },
  maintenanceWindows: { type: Schema.Types.Mixed },
  noData: { type: Schema.Types.Mixed },
  updatedBy: { type: String },
  /** Under four eyes: the second admin who approved this version, and the change request it came from. */
  approvedBy: { type: String },
  changeId: { type: String },
};

const ruleSchema = new Schema({ _id: { type: String, required: true }, ...ruleFields }, { versionKey: false, timestamps: true });

export type RuleDoc = InferSchemaType<typeof ruleSchema>;
export const Rule = model('Rule', ruleSchema, 'rules');

/** Every version ever saved, immutable: `_id` = `key@version`. Deleting a rule keeps its versions. */
const ruleVersionSchema = new Schema(
  { _id: { type: String, required: true }, key: { type: String, required: true }, ...ruleFields, deleted: { type: Boolean }, savedAt: { type: Date, required: true } },
  { versionKey: false },
);
export const RuleVersion = model('RuleVersion', ruleVersionSchema, 'rule_versions');

/**
 * One document (`_id: 'rules'`) bumped on every rule change. Every process polls it by exact `_id`
 * every few seconds and reloads its compiled rules when the counter moved — no change streams.
 */
const rulesMetaSchema = new Schema({ _id: { type: String, required: true }, counter: { type: Number, default: 0 }, changedAt: { type: Date } }, { versionKey: false });
export const RulesMeta = model('RulesMeta', rulesMetaSchema, 'rules_meta');
export const RULES_META_ID = 'rules';

export async function bumpRulesCounter(): Promise<void> {
  await RulesMeta.updateOne({ _id: RULES_META_ID }, { $inc: { counter: 1 }, $set: { changedAt: new Date() } }, { upsert: true });
}

/** Fields holding json-rules-engine condition trees, which may nest arrays (a GeoJSON polygon for `inArea`). */
const TREE_FIELDS = ['conditions', 'levels', 'clear'] as const;

/**
 * FerretDB 1.24 refuses arrays inside arrays, and an `inArea` polygon is exactly that, so the
 * condition trees are stored as one JSON text field (`treesJson`); the rest of the rule stays
 * queryable fields. `fromStoredRule` reads both this shape and the older one with plain fields.
 */
export function toStoredRule<T extends Record<string, unknown>>(rule: T): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...rule };
  const trees: Record<string, unknown> = {};
  for (const f of TREE_FIELDS) {
    if (stored[f] !== undefined) trees[f] = stored[f];
    delete stored[f];
  }
  if (Object.keys(trees).length) stored.treesJson = JSON.stringify(trees);
  return stored;
}

export function fromStoredRule<T extends Record<string, unknown>>(doc: T): Record<string, unknown> {
  const { treesJson, ...rest } = doc as Record<string, unknown>;
  return typeof treesJson === 'string' ? { ...rest, ...(JSON.parse(treesJson) as Record<string, unknown>) } : rest;
}
