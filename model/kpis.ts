import { Schema, model, type InferSchemaType } from 'mongoose';

export const KPI_LEVELS = ['ok', 'warning', 'critical'] as const;
export type KpiLevel = (typeof KPI_LEVELS)[number];
export const KPI_DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
export const KPI_NO_DATA_POLICIES = ['alerting', 'normal', 'keep-last'] as const;
export type KpiNoDataPolicy = (typeof KPI_NO_DATA_POLICIES)[number];

/**
 * The KPI catalogue, `_id` = key. A value's level is the first threshold whose `[from, to)` range
 * holds it (an open end is unbounded); `window` (ISO 8601 duration) is the period one value covers.
 */
const kpiSchema = new Schema(
  {
    _id: { type: String, required: true },
    nameVi: { type: String, required: true },
    nameEn: { type: String, required: true },
    unit: { type: String, required: true },
    direction: { type: String, enum: KPI_DIRECTIONS, required: true },
    thresholds: {
      type: [{ _id: false, level: { type: String, enum: KPI_LEVELS, required: true }, from: Number, to: Number, colour: { type: String, required: true } }],
      required: true,
    },
    window: { type: String, required: true },
    noData: { type: String, enum: KPI_NO_DATA_POLICIES, required: true },
  },
  { versionKey: false, timestamps: true },
);

/** One value per KPI and period: `_id` = `key|periodStart` (UTC ISO), so a re-upload replaces it. */
const kpiValueSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    periodStart: { type: Date, required: true },
    value: { type: Number, required: true },
    note: { type: String },
    uploadedAt: { type: Date, required: true },
    uploadedBy: { type: String, required: true },
  },
  { versionKey: false },
);

/**
 * The latest period's value of each KPI, `_id` = key, updated on every upload, so the catalogue
 * view reads one document per KPI by `_id` (the only filter FerretDB pushes down) instead of scanning values.
 */
const kpiCurrentSchema = new Schema(
  {
    _id: { type: String, required: true },
    periodStart: { type: Date, required: true },
    value: { type: Number, required: true },
    note: { type: String },
    uploadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function kpiValueId(key: string, periodStart: Date): string {
  return `${key}|${periodStart.toISOString()}`;
}

export type KpiDoc = InferSchemaType<typeof kpiSchema>;
export const Kpi = model('Kpi', kpiSchema, 'kpis');
export const KpiValue = model('KpiValue', kpiValueSchema, 'kpi_values');
export const KpiCurrent = model('KpiCurrent', kpiCurrentSchema, 'kpi_current');
