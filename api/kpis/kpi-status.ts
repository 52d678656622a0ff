import type { KpiLevel, KpiNoDataPolicy } from '../../model';
import { isIsoDuration, isoDurationToMs } from '../../sop/duration';

/** Grey, for a KPI with nothing in its current window or a value no threshold covers. */
export const NO_DATA_COLOUR = '#9e9e9e';

export type KpiStatus = KpiLevel | 'no-data' | 'unclassified';

export interface Threshold {
  level: KpiLevel;
  from?: number | null;
  to?: number | null;
  colour: string;
}

/** The first threshold whose `[from, to)` holds the value (an absent end is unbounded). */
export function classify(value: number, thresholds: readonly Threshold[]): Threshold | undefined {
  return thresholds.find((t) => (t.from == null || value >= t.from) && (t.to == null || value < t.to));
}

/**
 * Whether a value still describes "now": a value covers `[periodStart, periodStart + window)` and
 * stays current for one more window after that — the latest complete period or the one in progress
 * (yesterday's figure, uploaded this morning, is current all day today).
 */
export function isCurrent(periodStart: Date, window: string, now: Date): boolean {
  const ms = isIsoDuration(window) ? isoDurationToMs(window) : 0;
  return now.getTime() < periodStart.getTime() + 2 * ms;
}

export interface NoDataMeaning {
  policy: KpiNoDataPolicy;
  /** The level dashboards and alerts should treat the KPI as having while no data arrives. */
  treatAs: KpiLevel | 'unclassified';
  description: string;
}

/** What the KPI's noData policy makes of an empty window, given the last value's level (if any). */
export function noDataMeaning(policy: KpiNoDataPolicy, lastLevel: KpiLevel | undefined): NoDataMeaning {
  switch (policy) {
    case 'alerting':
      return { policy, treatAs: 'critical', description: 'missing data is an alert: treated as critical until a value arrives' };
    case 'normal':
      return { policy, treatAs: 'ok', description: 'missing data is expected for this KPI: treated as ok' };
    case 'keep-last':
      return {
        policy,
        treatAs: lastLevel ?? 'unclassified',
        description: lastLevel ? `the last value's level (${lastLevel}) stands until a new value arrives` : 'no value has ever arrived, so there is no level to keep',
      };
  }
}

export interface CurrentValue {
  periodStart: Date;
  value: number;
  note?: string | null;
  uploadedAt: Date;
}

export interface KpiState {
  status: KpiStatus;
  colour: string;
  /** Level of the last value received, current or not. */
  lastLevel?: KpiLevel;
  noDataMeans?: NoDataMeaning;
}

export function kpiState(kpi: { thresholds: readonly Threshold[]; window: string; noData: KpiNoDataPolicy }, current: CurrentValue | undefined, now: Date): KpiState {
  const last = current ? classify(current.value, kpi.thresholds) : undefined;
  if (!current || !isCurrent(current.periodStart, kpi.window, now)) {
    return { status: 'no-data', colour: NO_DATA_COLOUR, ...(last ? { lastLevel: last.level } : {}), noDataMeans: noDataMeaning(kpi.noData, last?.level) };
  }
  if (!last) return { status: 'unclassified', colour: NO_DATA_COLOUR };
  return { status: last.level, colour: last.colour, lastLevel: last.level };
}
