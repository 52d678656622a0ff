import { CITY_TIME_ZONE } from '@ui/i18n';
import { CLEAR_COLOUR, SEVERITY_COLOURS, type LevelDraft, type Severity } from './rule-draft';

/** What `POST /api/rules/backtest` answers. */
export interface BacktestResult {
  events: number;
  series: [string, number][];
  transitions: { kind: string; at: string; value: unknown; severity?: Severity; signalled: boolean; correlationKey: string }[];
}

export interface ChartLabels {
  value: string;
  fired: string;
  raised: string;
  cleared: string;
  clear: string;
  firing: string;
  severity: (s: Severity) => string;
}

export interface BacktestSummary {
  events: number;
  fired: number;
  cleared: number;
  raised: number;
}

export function summarise(r: BacktestResult): BacktestSummary {
  const count = (kind: string) => r.transitions.filter((t) => t.kind === kind).length;
  return { events: r.events, fired: count('fired'), cleared: count('cleared'), raised: count('level-raised') };
}

/** Firing periods (fired → cleared, or to the end of the range) per correlation key, for shading. */
export function firingPeriods(r: BacktestResult, rangeEnd: string): { from: string; to: string; severity?: Severity }[] {
  const open = new Map<string, { from: string; severity?: Severity }>();
  const periods: { from: string; to: string; severity?: Severity }[] = [];
  for (const t of r.transitions) {
    if (t.kind === 'fired') open.set(t.correlationKey, { from: t.at, ...(t.severity ? { severity: t.severity } : {}) });
    else if (t.kind === 'level-raised') {
      const p = open.get(t.correlationKey);
      if (p && t.severity) p.severity = t.severity;
    } else if (t.kind === 'cleared') {
      const p = open.get(t.correlationKey);
      if (p) periods.push({ from: p.from, to: t.at, ...(p.severity ? { severity: p.severity } : {}) });
      open.delete(t.correlationKey);
    }
  }
  for (const p of open.values()) periods.push({ from: p.from, to: rangeEnd, ...(p.severity ? { severity: p.severity } : {}) });
  return periods;
}

const MARKERS = {
  fired: { symbol: 'triangle', colour: '#c62828' },
  'level-raised': { symbol: 'diamond', colour: '#ef6c00' },
  cleared: { symbol: 'circle', colour: CLEAR_COLOUR },
} as const;

/**
 * The ECharts option of a backtest: the metric over time, a dashed line per level (and the clear
 * threshold), shaded firing periods, and a marker where the rule would have fired, raised its
 * level and cleared. Times are labelled in city time.
 */
export function backtestChartOption(
  r: BacktestResult,
  levels: readonly LevelDraft[],
  clear: { op: string; value: number | null } | null,
  rangeEnd: string,
  labels: ChartLabels,
  locale: string,
) {
  const timeLabel = new Intl.DateTimeFormat(locale, { timeZone: CITY_TIME_ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  const thresholdLines = [
    ...levels
      .filter((l) => typeof l.value === 'number')
      .map((l) => ({
        name: labels.severity(l.severity),
        yAxis: l.value,
        lineStyle: { color: SEVERITY_COLOURS[l.severity], type: 'dashed' as const, width: 2 },
        label: { position: 'insideEndTop' as const, formatter: `${labels.severity(l.severity)} ${l.op} ${l.value}`, color: SEVERITY_COLOURS[l.severity] },
      })),
    ...(clear && typeof clear.value === 'number'
      ? [
          {
            name: labels.clear,
            yAxis: clear.value,
            lineStyle: { color: CLEAR_COLOUR, type: 'dotted' as const, width: 2 },
            label: { position: 'insideEndBottom' as const, formatter: `${labels.clear} ${clear.op} ${clear.value}`, color: CLEAR_COLOUR },
          },
        ]
      : []),
  ];
  const markerSeries = (Object.keys(MARKERS) as (keyof typeof MARKERS)[]).map((kind) => ({
    name: kind === 'fired' ? labels.fired : kind === 'level-raised' ? labels.raised : labels.cleared,
    type: 'scatter' as const,
    symbol: MARKERS[kind].symbol,
    symbolSize: 14,
    itemStyle: { color: MARKERS[kind].colour },
    z: 5,
    data: r.transitions.filter((t) => t.kind === kind).map((t) => [t.at, typeof t.value === 'number' ? t.value : null]),
  }));
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 56 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : '—') },
    xAxis: { type: 'time' as const, axisLabel: { formatter: (ms: number) => timeLabel.format(new Date(ms)), hideOverlap: true } },
    yAxis: { type: 'value' as const, scale: true },
    dataZoom: [{ type: 'inside' as const }, { type: 'slider' as const, height: 18, bottom: 8 }],
    series: [
      {
        name: labels.value,
        type: 'line' as const,
        showSymbol: false,
        lineStyle: { width: 1.5, color: '#37474f' },
        itemStyle: { color: '#37474f' },
        data: r.series,
        markLine: { symbol: 'none', silent: true, data: thresholdLines },
        markArea: {
          silent: true,
          data: firingPeriods(r, rangeEnd).map((p) => [
            { name: labels.firing, xAxis: p.from, itemStyle: { color: hexWithAlpha(SEVERITY_COLOURS[p.severity ?? 'warning'], 0.12) } },
            { xAxis: p.to },
          ]),
        },
      },
      ...markerSeries,
    ],
  };
}

function hexWithAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
