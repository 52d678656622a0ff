import { slowestSteps, stepAt, stepsChartOption, trendChartOption, wardAt, wardChartOption } from './chart-options';
import { formatDuration } from './durations';
import type { StepMetrics, TrendBucket, WardRow } from './metrics-types';

const wards: WardRow[] = [
  { ward: 'tan-binh', name: 'Phường Tân Bình', info: 1, warning: 0, critical: 2, total: 3 },
  { ward: 'tan-phu', name: 'Phường Tân Phú', info: 0, warning: 4, critical: 1, total: 5 },
  { ward: null, name: null, info: 1, warning: 0, critical: 0, total: 1 },
];

describe('chart options from metrics payloads', () => {
  it('stacks open incidents per ward by severity, in the severity colours, the API order top-down', () => {
    const o = wardChartOption(wards, { severity: (s) => s.toUpperCase(), noWard: 'Ngoài phường' });
    expect(o.yAxis.data).toEqual(['Ngoài phường', 'Phường Tân Phú', 'Phường Tân Bình']);
    expect(o.series.map((s) => [s.name, s.stack, s.itemStyle.color, s.data])).toEqual([
      ['INFO', 'open', '#1565c0', [1, 0, 1]],
      ['WARNING', 'open', '#ef8f00', [0, 4, 0]],
      ['CRITICAL', 'open', '#c62828', [0, 1, 2]],
    ]);
    // A click on the bottom bar (index 0) is the last row.
    expect(wardAt(wards, 0)?.ward).toBeNull();
    expect(wardAt(wards, 2)?.ward).toBe('tan-binh');
  });

  it('draws MTTA and MTTR per day in hours with gaps, labelled in city time', () => {
    const buckets: TrendBucket[] = [
      { start: '2026-11-24T00:00:00+07:00', opened: 2, resolved: 1, mttaAvgMs: 30 * 60_000, mttrAvgMs: 3 * 3_600_000, slaRatio: 1 },
      { start: '2026-11-25T00:00:00+07:00', opened: 0, resolved: 0, mttaAvgMs: null, mttrAvgMs: null, slaRatio: null },
    ];
    const o = trendChartOption(buckets, 'day', { mtta: 'MTTA', mttr: 'MTTR', week: 'Tuần', duration: (ms) => formatDuration(ms, 'vi') });
    expect(o.xAxis.data).toEqual(['24/11', '25/11']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([
      ['MTTA', [0.5, null]],
      ['MTTR', [3, null]],
    ]);
    expect(o.yAxis.axisLabel.formatter(1.5)).toBe('1 giờ 30 phút');
    expect(trendChartOption(buckets, 'week', { mtta: 'a', mttr: 'b', week: 'Tuần', duration: String }).xAxis.data[0]).toBe('Tuần 24/11');
  });

  it('ranks the slowest steps and splits each bar into waiting and working, with the p90 beside it', () => {
    const steps: StepMetrics[] = [
      {
        sopKey: 'flood-response',
        stepId: 'verify',
        name: 'Xác minh',
        count: 4,
        waitAvgMs: 10 * 60_000,
        workAvgMs: 30 * 60_000,
        totalAvgMs: 40 * 60_000,
        totalP90Ms: 60 * 60_000,
        slaMissed: 1,
      },
      { sopKey: 'flood-response', stepId: 'never', name: 'Chưa xong', count: 1, waitAvgMs: null, workAvgMs: null, totalAvgMs: null, totalP90Ms: null, slaMissed: 0 },
      {
        sopKey: 'camera-alert',
        stepId: 'check',
        name: 'Kiểm tra',
        count: 2,
        waitAvgMs: 5 * 60_000,
        workAvgMs: 5 * 60_000,
        totalAvgMs: 12 * 60_000,
        totalP90Ms: 15 * 60_000,
        slaMissed: 0,
      },
    ];
    const ranked = slowestSteps(steps);
    expect(ranked.map((s) => s.stepId)).toEqual(['verify', 'check']);
    const o = stepsChartOption(ranked, { wait: 'Chờ', work: 'Xử lý', p90: 'P90', duration: String }, (k) => (k === 'camera-alert' ? 'Camera' : 'Ngập'));
    expect(o.yAxis.data).toEqual(['Kiểm tra · Camera', 'Xác minh · Ngập']);
    const [wait, work, p90] = o.series;
    // Minutes; the split is scaled to the average total (12 min = 6 + 6).
    expect(wait!.data).toEqual([6, 10]);
    expect(work!.data).toEqual([6, 30]);
    expect(p90!.data).toEqual([15, 60]);
    expect(stepAt(ranked, 1)?.stepId).toBe('verify');
  });
});
