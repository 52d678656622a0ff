import { formatDuration, formatRatio } from './durations';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatDuration', () => {
  it('reads like a leader says it, in Vietnamese', () => {
    expect(formatDuration(45_000, 'vi')).toBe('45 giây');
    expect(formatDuration(42 * MIN, 'vi')).toBe('42 phút');
    expect(formatDuration(HOUR + 5 * MIN, 'vi')).toBe('1 giờ 5 phút');
    expect(formatDuration(2 * HOUR, 'vi')).toBe('2 giờ');
    expect(formatDuration(2 * 24 * HOUR + 3 * HOUR, 'vi')).toBe('2 ngày 3 giờ');
  });

  it('and in English', () => {
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(HOUR + 5 * MIN, 'en')).toBe('1 h 5 min');
    expect(formatDuration(26 * HOUR, 'en')).toBe('1 d 2 h');
  });

  it('rounds before choosing the units, so no "60 giây" or "24 giờ"', () => {
    expect(formatDuration(59_600, 'vi')).toBe('1 phút');
    expect(formatDuration(HOUR - 20_000, 'vi')).toBe('1 giờ');
    expect(formatDuration(24 * HOUR - 20_000, 'vi')).toBe('1 ngày');
    expect(formatDuration(HOUR + 5 * MIN + 29_000, 'vi')).toBe('1 giờ 5 phút');
  });

  it('shows a dash when nothing was measured', () => {
    expect(formatDuration(null, 'vi')).toBe('—');
    expect(formatDuration(undefined, 'en')).toBe('—');
    expect(formatDuration(0, 'vi')).toBe('0 giây');
  });

  it('formats ratios as whole percentages', () => {
    expect(formatRatio(0.8667)).toBe('87%');
    expect(formatRatio(1)).toBe('100%');
    expect(formatRatio(null)).toBe('—');
  });
});
