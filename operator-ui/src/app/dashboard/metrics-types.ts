/** What the metrics API answers (`GET /api/metrics/...`, leaders and admins). Durations in ms; `null` when nothing was measured. */
export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export interface DurationSummary {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface WardRow {
  /** The ward's unit id; null for incidents outside any ward. */
  ward: string | null;
  name: string | null;
  info: number;
  warning: number;
  critical: number;
  total: number;
}

export interface Overview {
  period: { from: string; to: string };
  open: { total: number; bySeverity: Record<Severity, number>; byWard: WardRow[] };
  mtta: DurationSummary;
  mttr: DurationSummary;
  sla: { met: number; missed: number; ratio: number | null };
}

export interface TrendBucket {
  start: string;
  opened: number;
  resolved: number;
  mttaAvgMs: number | null;
  mttrAvgMs: number | null;
  slaRatio: number | null;
}

export interface Trends {
  buckets: TrendBucket[];
}

export interface SlaTally {
  met: number;
  missed: number;
  overdueOpen: number;
  ratio: number | null;
}

export interface SlaByUnit extends SlaTally {
  unit: string | null;
  name: string | null;
}

export interface SlaBySop extends SlaTally {
  sopKey: string;
  name: string;
}

export interface Sla {
  byUnit: SlaByUnit[];
  bySop: SlaBySop[];
}

export interface StepMetrics {
  sopKey: string;
  stepId: string;
  name: string;
  count: number;
  waitAvgMs: number | null;
  workAvgMs: number | null;
  totalAvgMs: number | null;
  totalP90Ms: number | null;
  slaMissed: number;
}

export interface Steps {
  steps: StepMetrics[];
  /** Present when the request named one SOP: its latest deployed diagram. */
  diagram?: { version: number; xml: string } | null;
}

export interface MetricsIncident {
  id: string;
  title: string;
  severity: Severity;
  status: string;
  sopKey: string;
  unit: string | null;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  openedAt: string;
  mttaMs: number | null;
  mttrMs: number | null;
}

export interface MetricsIncidents {
  items: MetricsIncident[];
  /** The server stopped at its row limit: the newest incidents are shown. */
  truncated?: boolean;
}

/** `GET /api/kpis` items (see api/kpis/kpi-service.ts): the colour is the threshold's, grey without current data. */
export interface KpiTile {
  key: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  status: string;
  colour: string;
  current: { periodStart: string; value: number; note?: string } | null;
}

export interface UnitOption {
  id: string;
  name: string;
  kind: string;
  parent: string | null;
}

export interface SopOption {
  key: string;
  name: string;
  latestVersion: number | null;
}
