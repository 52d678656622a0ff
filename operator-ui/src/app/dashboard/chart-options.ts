import { SEVERITY_COLOURS } from './clusters';
import { cityDay } from './dashboard-filters';
import { SEVERITIES, type Severity, type StepMetrics, type TrendBucket, type WardRow } from './metrics-types';

/**
 * ECharts options built from metrics payloads: pure functions, so the numbers a chart shows are
 * tested without a canvas. Labels come in already translated; durations through `duration`.
 */

export interface WardChartLabels {
  severity: (s: Severity) => string;
  /** The row of incidents outside any ward. */
  noWard: string;
}

/** Open incidents per ward, one stacked horizontal bar per ward (names read well on a phone), a segment per severity. */
export function wardChartOption(rows: readonly WardRow[], labels: WardChartLabels) {
  // ECharts draws the first category at the bottom: reverse so the list reads top-down as the API sorts it.
  const ordered = [...rows].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    xAxis: { type: 'value' as const, minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category' as const, data: ordered.map((r) => r.name ?? r.ward ?? labels.noWard), axisLabel: { width: 120, overflow: 'truncate' as const } },
    series: SEVERITIES.map((s) => ({
      name: labels.severity(s),
      type: 'bar' as const,
      stack: 'open',
      itemStyle: { color: SEVERITY_COLOURS[s] },
      emphasis: { focus: 'series' as const },
      data: ordered.map((r) => r[s]),
    })),
  };
}

/** The ward a click on the ward chart means (data index counts from the bottom bar). */
export function wardAt(rows: readonly WardRow[], dataIndex: number): WardRow | undefined {
  return rows[rows.length - 1 - dataIndex];
}

export interface TrendLabels {
  mtta: string;
  mttr: string;
  /** Prefix of a weekly bucket's label ("Tuần 02/11"). */
  week: string;
  duration: (ms: number) => string;
}

/** MTTA and MTTR per day or week: one line each, gaps where nothing was measured; x labels in city time. */
export function trendChartOption(buckets: readonly TrendBucket[], bucket: 'day' | 'week', labels: TrendLabels) {
  // dd/MM in both languages (ICU builds disagree on vi-VN's separator, so not through Intl).
  const day = (start: string) => cityDay(new Date(start)).slice(5).split('-').reverse().join('/');
  const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? labels.duration(v * 3_600_000) : '—') },
    xAxis: {
      type: 'category' as const,
      boundaryGap: false,
      axisLabel: { hideOverlap: true },
      data: buckets.map((b) => (bucket === 'week' ? `${labels.week} ` : '') + day(b.start)),
    },
    yAxis: { type: 'value' as const, min: 0, axisLabel: { formatter: (v: number) => labels.duration(v * 3_600_000) } },
    series: [
      { name: labels.mtta, type: 'line' as const, connectNulls: false, showSymbol: true, itemStyle: { color: '#00838f' }, data: buckets.map((b) => hours(b.mttaAvgMs)) },
      { name: labels.mttr, type: 'line' as const, connectNulls: false, showSymbol: true, itemStyle: { color: '#6a1b9a' }, data: buckets.map((b) => hours(b.mttrAvgMs)) },
    ],
  };
}

export interface StepsLabels {
  wait: string;
  work: string;
  p90: string;
  duration: (ms: number) => string;
}

/** How many steps the slowest-steps chart ranks. */
export const SLOWEST_STEPS = 10;

/** The steps the chart ranks: timed ones, slowest average first. */
export function slowestSteps(steps: readonly StepMetrics[], n = SLOWEST_STEPS): StepMetrics[] {
  return steps
    .filter((s) => s.totalAvgMs !== null)
    .sort((a, b) => b.totalAvgMs! - a.totalAvgMs!)
    .slice(0, n);
}

/**
 * The slowest steps as horizontal bars, slowest on top: the average total split into waiting
 * (created → claimed) and working (claimed → completed), and the p90 as a marker beyond it.
 */
export function stepsChartOption(ranked: readonly StepMetrics[], labels: StepsLabels, sopName: (key: string) => string) {
  const ordered = [...ranked].reverse();
  const minutes = (ms: number | null) => (ms === null ? 0 : Math.round((ms / 60_000) * 10) / 10);
  // Wait and work are averages over different sets of tasks; scale them to the average total so the bar is the total.
  const split = (s: StepMetrics) => {
    const total = s.totalAvgMs ?? 0;
    const wait = s.waitAvgMs ?? 0;
    const work = s.workAvgMs ?? 0;
    const sum = wait + work;
    return sum > 0 ? { wait: (total * wait) / sum, work: (total * work) / sum } : { wait: 0, work: total };
  };
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: (v: unknown) => (typeof v === 'number' ? labels.duration(v * 60_000) : '—') },
    xAxis: { type: 'value' as const, axisLabel: { formatter: (v: number) => labels.duration(v * 60_000), hideOverlap: true } },
    yAxis: {
      type: 'category' as const,
      data: ordered.map((s) => `${s.name} · ${sopName(s.sopKey)}`),
      axisLabel: { width: 150, overflow: 'truncate' as const },
    },
    series: [
      { name: labels.wait, type: 'bar' as const, stack: 'total', itemStyle: { color: '#90a4ae' }, data: ordered.map((s) => minutes(split(s).wait)) },
      { name: labels.work, type: 'bar' as const, stack: 'total', itemStyle: { color: '#ef6c00' }, data: ordered.map((s) => minutes(split(s).work)) },
      { name: labels.p90, type: 'scatter' as const, symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#b71c1c' }, data: ordered.map((s) => minutes(s.totalP90Ms)) },
    ],
  };
}

/** The step a click on the steps chart means. */
export function stepAt(ranked: readonly StepMetrics[], dataIndex: number): StepMetrics | undefined {
  return ranked[ranked.length - 1 - dataIndex];
}
