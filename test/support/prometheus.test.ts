import { sample } from './prometheus';

describe('sample (Prometheus text parsing for tests)', () => {
  const text = [
    '# HELP cityops_ingest_events_total Events',
    '# TYPE cityops_ingest_events_total counter',
    'cityops_ingest_events_total{channel="http",outcome="accepted"} 3',
    'cityops_ingest_events_total{channel="http",outcome="duplicate"} 1',
    'cityops_outbox_depth 7',
  ].join('\n');
  it('finds a sample by name and exact labels', () => {
    expect(sample(text, 'cityops_ingest_events_total', { outcome: 'accepted', channel: 'http' })).toBe(3);
    expect(sample(text, 'cityops_outbox_depth')).toBe(7);
    expect(sample(text, 'cityops_ingest_events_total', { channel: 'http' })).toBeUndefined();
    expect(sample(text, 'cityops_missing')).toBeUndefined();
  });
});
