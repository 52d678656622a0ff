import { classify, isCurrent, kpiState, NO_DATA_COLOUR } from './kpi-status';

const thresholds = [
  { level: 'ok' as const, to: 10, colour: '#2e7d32' },
  { level: 'warning' as const, from: 10, to: 30, colour: '#f9a825' },
  { level: 'critical' as const, from: 30, colour: '#c62828' },
];
const kpi = { thresholds, window: 'P1D', noData: 'alerting' as const };
const now = new Date('2026-03-10T03:00:00Z');

describe('KPI status', () => {
  it('classifies on [from, to) ranges', () => {
    expect(classify(9.99, thresholds)?.level).toBe('ok');
    expect(classify(10, thresholds)?.level).toBe('warning');
    expect(classify(30, thresholds)?.level).toBe('critical');
    expect(classify(5, [{ level: 'ok', from: 6, colour: '#000000' }])).toBeUndefined();
  });
  it('keeps yesterday current today, not the day before', () => {
    expect(isCurrent(new Date('2026-03-08T17:00:00Z'), 'P1D', now)).toBe(true); // 9 March, +07:00
    expect(isCurrent(new Date('2026-03-07T17:00:00Z'), 'P1D', now)).toBe(false); // 8 March
  });
  it('gives the level and colour of a current value', () => {
    expect(kpiState(kpi, { periodStart: new Date('2026-03-09T17:00:00Z'), value: 12, uploadedAt: now }, now)).toEqual({
      status: 'warning',
      colour: '#f9a825',
      lastLevel: 'warning',
    });
  });
  it('is grey no-data with the policy meaning when the window is empty', () => {
    expect(kpiState(kpi, undefined, now)).toMatchObject({ status: 'no-data', colour: NO_DATA_COLOUR, noDataMeans: { policy: 'alerting', treatAs: 'critical' } });
    const old = { periodStart: new Date('2026-01-01T00:00:00Z'), value: 3, uploadedAt: now };
    expect(kpiState({ ...kpi, noData: 'keep-last' }, old, now)).toMatchObject({ status: 'no-data', lastLevel: 'ok', noDataMeans: { treatAs: 'ok' } });
    expect(kpiState({ ...kpi, noData: 'normal' }, old, now).noDataMeans?.treatAs).toBe('ok');
  });
});
