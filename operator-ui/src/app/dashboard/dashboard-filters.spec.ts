import { cityDay, drillFromQuery, drillToQuery, filtersFromQuery, filtersToQuery, metricsParams, periodRange, sameFilters, trendBucket } from './dashboard-filters';

// 10:30 on 25 Nov in Đồng Xoài (UTC+7).
const NOW = new Date('2026-11-25T03:30:00.000Z');

describe('dashboard filters ↔ URL query', () => {
  it('reads every filter from the query and writes the same query back', () => {
    const q = { period: 'custom', from: '2026-11-01', to: '2026-11-20', sop: 'flood-response', unit: 'tan-phu', severity: 'critical' };
    const f = filtersFromQuery(q);
    expect(f).toEqual({ period: 'custom', from: '2026-11-01', to: '2026-11-20', sop: 'flood-response', unit: 'tan-phu', severity: 'critical' });
    expect(filtersToQuery(f)).toEqual(q);
  });

  it('defaults to the last 7 days and leaves defaults out of the URL (null removes a merged param)', () => {
    const f = filtersFromQuery({});
    expect(f).toEqual({ period: '7d' });
    expect(filtersToQuery(f)).toEqual({ period: null, from: null, to: null, sop: null, unit: null, severity: null });
    expect(filtersToQuery({ period: '30d', severity: 'info' })).toMatchObject({ period: '30d', severity: 'info', from: null });
  });

  it('ignores what it does not understand instead of failing', () => {
    expect(filtersFromQuery({ period: 'year', sop: 'Not A Key!', severity: 'huge', unit: '' })).toEqual({ period: '7d' });
    // A custom period without both dates falls back to the default period, keeping the other filters.
    expect(filtersFromQuery({ period: 'custom', from: '2026-11-01', sop: 'flood-response' })).toEqual({ period: '7d', sop: 'flood-response' });
    expect(filtersFromQuery({ period: 'custom', from: '2026-11-20', to: '2026-11-01' })).toMatchObject({ from: '2026-11-01', to: '2026-11-20' });
  });

  it('compares filters by what they would put in the URL', () => {
    expect(sameFilters({ period: '7d' }, filtersFromQuery({ drill: 'sop:x' }))).toBe(true);
    expect(sameFilters({ period: '7d' }, { period: '7d', unit: 'tan-phu' })).toBe(false);
  });

  it('keeps the drill-down beside the filters', () => {
    expect(drillFromQuery('ward:tan-phu')).toEqual({ kind: 'ward', value: 'tan-phu' });
    expect(drillFromQuery('ward:')).toEqual({ kind: 'ward', value: '' });
    expect(drillFromQuery('nonsense')).toBeNull();
    expect(drillToQuery({ kind: 'ids', value: 'a,b' })).toBe('ids:a,b');
    expect(drillToQuery(null)).toBeNull();
  });
});

describe('the period in city time', () => {
  it('counts whole Vietnamese days ending today', () => {
    expect(cityDay(NOW)).toBe('2026-11-25');
    expect(cityDay(new Date('2026-11-25T17:30:00Z'))).toBe('2026-11-26'); // 00:30 the next morning in the city
    expect(periodRange({ period: 'today' }, NOW)).toEqual({ from: new Date('2026-11-24T17:00:00.000Z'), to: NOW });
    expect(periodRange({ period: '7d' }, NOW).from).toEqual(new Date('2026-11-18T17:00:00.000Z'));
    expect(periodRange({ period: '30d' }, NOW).from).toEqual(new Date('2026-10-26T17:00:00.000Z'));
  });

  it('runs a custom period from the start of the first day to the end of the last, not past now', () => {
    expect(periodRange({ period: 'custom', from: '2026-11-01', to: '2026-11-10' }, NOW)).toEqual({
      from: new Date('2026-10-31T17:00:00.000Z'),
      to: new Date('2026-11-10T16:59:59.999Z'),
    });
    expect(periodRange({ period: 'custom', from: '2026-11-20', to: '2026-11-25' }, NOW).to).toEqual(NOW);
  });

  it('builds the metrics query, leaving unset filters out (the API rejects empty ones)', () => {
    expect(metricsParams({ period: 'today', unit: 'tan-phu' }, NOW)).toEqual({ from: '2026-11-24T17:00:00.000Z', to: '2026-11-25T03:30:00.000Z', unit: 'tan-phu' });
  });

  it('switches the trend to weeks past a month', () => {
    expect(trendBucket(periodRange({ period: '30d' }, NOW))).toBe('day');
    expect(trendBucket(periodRange({ period: 'custom', from: '2026-08-01', to: '2026-11-25' }, NOW))).toBe('week');
  });
});
