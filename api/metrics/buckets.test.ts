import { bucketIndex, bucketStart, bucketStarts, formatVn } from './buckets';

const utc = (s: string) => new Date(s);

describe('buckets aligned to midnight in Asia/Ho_Chi_Minh (UTC+7)', () => {
  it('puts the last millisecond before 17:00 UTC in the earlier Vietnamese day', () => {
    // 16:59:59.999Z on 1 Nov is 23:59:59.999 on 1 Nov in Đồng Xoài → the day starting 1 Nov 00:00 +07:00 = 31 Oct 17:00Z
    expect(bucketStart(utc('2026-11-01T16:59:59.999Z'), 'day')).toEqual(utc('2026-10-31T17:00:00Z'));
    // 17:00Z is already midnight of 2 Nov there
    expect(bucketStart(utc('2026-11-01T17:00:00Z'), 'day')).toEqual(utc('2026-11-01T17:00:00Z'));
    // 02:00Z on 1 Nov is 09:00 on 1 Nov
    expect(bucketStart(utc('2026-11-01T02:00:00Z'), 'day')).toEqual(utc('2026-10-31T17:00:00Z'));
  });
  it('starts weeks on Monday, Vietnamese time', () => {
    // Sunday 1 Nov 23:59 +07:00 belongs to the week of Monday 26 Oct (00:00 +07:00 = 25 Oct 17:00Z)
    expect(bucketStart(utc('2026-11-01T16:59:00Z'), 'week')).toEqual(utc('2026-10-25T17:00:00Z'));
    // one minute later it is Monday 2 Nov
    expect(bucketStart(utc('2026-11-01T17:01:00Z'), 'week')).toEqual(utc('2026-11-01T17:00:00Z'));
  });
  it('lists every bucket of the period, the partial first and last included', () => {
    // 1 Nov 17:00 +07:00 → 3 Nov 23:59:59 +07:00: the days 1, 2 and 3 Nov
    const starts = bucketStarts(utc('2026-11-01T10:00:00Z'), utc('2026-11-03T16:59:59Z'), 'day');
    expect(starts.map(formatVn)).toEqual(['2026-11-01T00:00:00+07:00', '2026-11-02T00:00:00+07:00', '2026-11-03T00:00:00+07:00']);
    // ending exactly at midnight of 4 Nov adds that (one-instant) day
    expect(bucketStarts(utc('2026-11-01T10:00:00Z'), utc('2026-11-03T17:00:00Z'), 'day')).toHaveLength(4);
    expect(bucketStarts(utc('2026-11-01T10:00:00Z'), utc('2026-11-10T00:00:00Z'), 'week').map(formatVn)).toEqual([
      '2026-10-26T00:00:00+07:00',
      '2026-11-02T00:00:00+07:00',
      '2026-11-09T00:00:00+07:00',
    ]);
  });
  it('finds the bucket of an instant, and none outside the list', () => {
    const starts = bucketStarts(utc('2026-11-01T00:00:00Z'), utc('2026-11-03T00:00:00Z'), 'day');
    expect(bucketIndex(starts, utc('2026-11-01T16:59:59.999Z'), 'day')).toBe(0);
    expect(bucketIndex(starts, utc('2026-11-01T17:00:00Z'), 'day')).toBe(1);
    expect(bucketIndex(starts, utc('2026-10-31T16:59:59Z'), 'day')).toBe(-1);
    expect(bucketIndex(starts, utc('2026-11-03T17:00:00Z'), 'day')).toBe(-1);
  });
});
