import { fromRows, rangeLabel, toRows } from './kpi-thresholds';

describe('KPI threshold rows', () => {
  it('round-trips thresholds, empty bounds meaning open ends', () => {
    const thresholds = [
      { level: 'ok' as const, from: 90, colour: '#2e7d32' },
      { level: 'warning' as const, from: 70, to: 90, colour: '#f9a825' },
      { level: 'critical' as const, to: 70, colour: '#c62828' },
    ];
    const rows = toRows(thresholds);
    expect(rows[0]).toEqual({ level: 'ok', from: '90', to: '', colour: '#2e7d32' });
    expect(fromRows(rows)).toEqual(thresholds);
  });

  it('accepts a decimal comma and labels ranges', () => {
    expect(fromRows([{ level: 'ok', from: '2,5', to: ' ', colour: '#000000' }])).toEqual([{ level: 'ok', from: 2.5, colour: '#000000' }]);
    expect(rangeLabel({ level: 'ok', from: 90, colour: '' })).toBe('≥ 90');
    expect(rangeLabel({ level: 'ok', to: 70, colour: '' })).toBe('< 70');
    expect(rangeLabel({ level: 'ok', from: 70, to: 90, colour: '' })).toBe('70 – 90');
  });
});
