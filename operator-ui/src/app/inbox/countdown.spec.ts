import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { dueClass, durationParts, formatCountdown } from './countdown';

const translator = (dict: Record<string, string>) => (key: string, params?: Readonly<Record<string, string | number>>) =>
  (dict[key] ?? key).replace(/\{(\w+)\}/g, (_m, name: string) => String(params?.[name]));

describe('countdown', () => {
  const now = Date.parse('2026-11-25T10:00:00.000Z');
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it('says how long is left, in Vietnamese first and English second', () => {
    const vn = translator(vi);
    expect(formatCountdown(at(12 * 60_000 + 30_000), now, vn)).toBe('còn 12 phút');
    expect(formatCountdown(at(-5 * 60_000 - 10_000), now, vn)).toBe('quá hạn 5 phút');
    expect(formatCountdown(at(45_000), now, vn)).toBe('còn 45 giây');
    expect(formatCountdown(at(3600_000 + 5 * 60_000), now, vn)).toBe('còn 1 giờ 5 phút');
    expect(formatCountdown(at(-(2 * 86_400_000 + 3 * 3600_000)), now, vn)).toBe('quá hạn 2 ngày 3 giờ');
    expect(formatCountdown(null, now, vn)).toBe('không có hạn');
    expect(formatCountdown(at(12 * 60_000), now, translator(en))).toBe('12 min left');
    expect(formatCountdown(at(-90_000), now, translator(en))).toBe('1 min overdue');
  });

  it('is overdue from the due second on', () => {
    expect(formatCountdown(at(0), now, translator(vi))).toBe('quá hạn 0 giây');
    expect(dueClass(at(0), now)).toBe('overdue');
  });

  it('colours past due red, within 15 minutes orange, later plain', () => {
    expect(dueClass(at(-1), now)).toBe('overdue');
    expect(dueClass(at(1), now)).toBe('due-soon');
    expect(dueClass(at(15 * 60_000), now)).toBe('due-soon');
    expect(dueClass(at(15 * 60_000 + 1), now)).toBe('on-time');
    expect(dueClass(null, now)).toBe('no-due');
    expect(dueClass('not a date', now)).toBe('no-due');
  });

  it('keeps at most two units and drops a zero second one', () => {
    expect(durationParts(2 * 3600_000)).toEqual([{ n: 2, unit: 'h' }]);
    expect(durationParts(86_400_000 + 59 * 60_000)).toEqual([{ n: 1, unit: 'd' }]);
    expect(durationParts(-59_999)).toEqual([{ n: 59, unit: 's' }]);
  });
});
