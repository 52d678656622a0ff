import { heatLevels } from './heat';
import type { StepMetrics } from './metrics-types';

const step = (stepId: string, totalAvgMs: number | null, sopKey = 'flood-response'): StepMetrics => ({
  sopKey,
  stepId,
  name: stepId,
  count: 3,
  waitAvgMs: null,
  workAvgMs: null,
  totalAvgMs,
  totalP90Ms: null,
  slaMissed: 0,
});

describe('heat levels over the SOP diagram', () => {
  it('scales each step against the slowest step of the SOP, with a label', () => {
    const heat = heatLevels(
      [step('verify', 10 * 60_000), step('dispatch', 40 * 60_000), step('report', 20 * 60_000), step('other', 99 * 60_000, 'camera-alert')],
      'flood-response',
      (ms) => `TB ${ms / 60_000} phút`,
    );
    expect(heat).toEqual({
      verify: { level: 0.25, label: 'TB 10 phút' },
      dispatch: { level: 1, label: 'TB 40 phút' },
      report: { level: 0.5, label: 'TB 20 phút' },
    });
  });

  it('leaves out steps never completed, and copes with all-zero times', () => {
    expect(heatLevels([step('a', null), step('b', 0)], 'flood-response', () => 'x')).toEqual({ b: { level: 0, label: 'x' } });
    expect(heatLevels([], 'flood-response', () => 'x')).toEqual({});
  });
});
