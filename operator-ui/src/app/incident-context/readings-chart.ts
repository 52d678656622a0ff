import { CITY_TIME_ZONE } from '@ui/i18n';
import type { Readings } from './context-api';

/** Colours of the first series; more series cycle through them. */
const LINE_COLOURS = ['#37474f', '#1565c0', '#6a1b9a', '#00838f', '#5d4037'];
const TRIGGER_COLOUR = '#c62828';

/** A series' legend name: the source and the metric (with its unit) — two sensors may measure the same thing. */
export function seriesName(s: { sourceName: string; source: string; metric: string; unit: string }): string {
  return `${s.sourceName || s.source} · ${s.metric}${s.unit ? ` (${s.unit})` : ''}`;
}

/**
 * The ECharts option of an incident's triggering readings: one line per source and metric, and a
 * red pin at each reading that triggered the incident (on the line of its source). City time on the axis.
 */
export function readingsChartOption(r: Readings, labels: { trigger: string }, locale: string) {
  const timeLabel = new Intl.DateTimeFormat(locale, { timeZone: CITY_TIME_ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  const lines = r.series.map((s, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length]!;
    return {
      name: seriesName(s),
      type: 'line' as const,
      showSymbol: s.points.length < 40,
      lineStyle: { width: 1.5, color: colour },
      itemStyle: { color: colour },
      data: s.points,
    };
  });
  const triggers = {
    name: labels.trigger,
    type: 'scatter' as const,
    symbol: 'pin',
    symbolSize: 26,
    itemStyle: { color: TRIGGER_COLOUR },
    z: 5,
    data: r.triggers.map((t) => [t.observedAt, t.value]),
  };
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 48, bottom: 40, containLabel: true },
    legend: { top: 4, type: 'scroll' as const },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : '—') },
    xAxis: { type: 'time' as const, axisLabel: { formatter: (ms: number) => timeLabel.format(new Date(ms)), hideOverlap: true } },
    yAxis: { type: 'value' as const, scale: true },
    dataZoom: [{ type: 'inside' as const }],
    series: [...lines, triggers],
  };
}
