import { backtestChartOption, firingPeriods, summarise, type BacktestResult } from './backtest-chart';
import { SEVERITY_COLOURS } from './rule-draft';

const result: BacktestResult = {
  events: 5,
  series: [
    ['2026-11-25T03:00:00.000Z', 2.0],
    ['2026-11-25T03:01:00.000Z', 2.6],
    ['2026-11-25T03:02:00.000Z', 3.1],
    ['2026-11-25T03:03:00.000Z', 2.1],
    ['2026-11-25T03:04:00.000Z', 2.7],
  ],
  transitions: [
    { kind: 'fired', at: '2026-11-25T03:01:00.000Z', value: 2.6, severity: 'warning', signalled: true, correlationKey: 'a' },
    { kind: 'level-raised', at: '2026-11-25T03:02:00.000Z', value: 3.1, severity: 'critical', signalled: true, correlationKey: 'a' },
    { kind: 'recovering', at: '2026-11-25T03:03:00.000Z', value: 2.1, signalled: false, correlationKey: 'a' },
    { kind: 'cleared', at: '2026-11-25T03:03:00.000Z', value: 2.1, signalled: true, correlationKey: 'a' },
    { kind: 'fired', at: '2026-11-25T03:04:00.000Z', value: 2.7, severity: 'warning', signalled: true, correlationKey: 'a' },
  ],
};
const labels = { value: 'Giá trị', fired: 'Bắt đầu', raised: 'Tăng mức', cleared: 'Hết', clear: 'Ngưỡng hết', firing: 'Đang cảnh báo', severity: (s: string) => s.toUpperCase() };

describe('backtest chart', () => {
  it('counts what the rule would have done', () => {
    expect(summarise(result)).toEqual({ events: 5, fired: 2, cleared: 1, raised: 1 });
  });

  it('shades each firing period at its highest severity, an unfinished one to the end of the range', () => {
    expect(firingPeriods(result, '2026-11-25T04:00:00.000Z')).toEqual([
      { from: '2026-11-25T03:01:00.000Z', to: '2026-11-25T03:03:00.000Z', severity: 'critical' },
      { from: '2026-11-25T03:04:00.000Z', to: '2026-11-25T04:00:00.000Z', severity: 'warning' },
    ]);
  });

  it('draws the metric, a line per level in its colour, the clear line and a marker per transition', () => {
    const option = backtestChartOption(
      result,
      [
        { severity: 'warning', op: '>=', value: 2.5 },
        { severity: 'critical', op: '>=', value: 3 },
        { severity: 'info', op: '>=', value: null },
      ],
      { op: '<', value: 2.3 },
      '2026-11-25T04:00:00.000Z',
      labels,
      'vi-VN',
    );
    const [line, fired, raised, cleared] = option.series as any[];
    expect(line.data).toBe(result.series);
    expect(line.markLine.data.map((l: any) => [l.yAxis, l.lineStyle.color])).toEqual([
      [2.5, SEVERITY_COLOURS.warning],
      [3, SEVERITY_COLOURS.critical],
      [2.3, '#2e7d32'],
    ]);
    expect(line.markArea.data).toHaveLength(2);
    expect(fired.data).toEqual([
      ['2026-11-25T03:01:00.000Z', 2.6],
      ['2026-11-25T03:04:00.000Z', 2.7],
    ]);
    expect(raised.data).toEqual([['2026-11-25T03:02:00.000Z', 3.1]]);
    expect(cleared.data).toEqual([['2026-11-25T03:03:00.000Z', 2.1]]);
    // Axis labels in city time (UTC+7): 03:01Z is 10:01 in Đồng Xoài.
    expect(option.xAxis.axisLabel.formatter(Date.parse('2026-11-25T03:01:00Z'))).toContain('10:01');
  });
});
