import { isIsoDuration, isoDurationToMs } from './duration';

describe('ISO 8601 durations', () => {
  it.each([
    ['PT15M', 15 * 60_000],
    ['PT1H30M', 90 * 60_000],
    ['P1D', 86_400_000],
    ['P1W', 7 * 86_400_000],
    ['P1DT2H', 26 * 3_600_000],
    ['PT0.5S', 500],
  ])('%s is %d ms', (text, ms) => {
    expect(isoDurationToMs(text)).toBe(ms);
  });

  it.each(['P', 'PT', '15M', 'PT15', 'P1H', ''])('rejects %p', (text) => {
    expect(isIsoDuration(text)).toBe(false);
    expect(() => isoDurationToMs(text)).toThrow(RangeError);
  });
});
