import { HEAT_GRADIENT, LEGEND_STATES, STEP_MARKERS, heatColour, markerClass } from './diagram-marks';

describe('SOP diagram marks', () => {
  it('gives each step state its own marker class and none to states it does not know', () => {
    expect(markerClass('done')).toBe('step-done');
    expect(markerClass('active')).toBe('step-active');
    expect(markerClass('failed')).toBe('step-failed');
    expect(markerClass('skipped')).toBe('step-skipped');
    expect(markerClass('cancelled')).toBe('step-cancelled');
    expect(markerClass('pending')).toBeUndefined();
    expect(markerClass('toString')).toBeUndefined(); // not fooled by the object's prototype
    expect(new Set(STEP_MARKERS).size).toBe(5);
    expect(LEGEND_STATES).toContain('pending');
  });

  it('colours heat from green through amber to red, clamping what is out of range', () => {
    expect(heatColour(0)).toBe('rgb(67, 160, 71)');
    expect(heatColour(0.5)).toBe('rgb(253, 216, 53)');
    expect(heatColour(1)).toBe('rgb(229, 57, 53)');
    // Halfway between green and amber: (67+253)/2, (160+216)/2, (71+53)/2.
    expect(heatColour(0.25)).toBe('rgb(160, 188, 62)');
    expect(heatColour(-3)).toBe(heatColour(0));
    expect(heatColour(7)).toBe(heatColour(1));
    expect(heatColour(Number.NaN)).toBe(heatColour(0));
    expect(HEAT_GRADIENT).toBe('linear-gradient(to right, rgb(67, 160, 71), rgb(253, 216, 53), rgb(229, 57, 53))');
  });

  it('gets redder as the level rises', () => {
    const red = (level: number) => Number(/rgb\((\d+)/.exec(heatColour(level))![1]);
    const green = (level: number) => Number(/rgb\(\d+, (\d+)/.exec(heatColour(level))![1]);
    expect(red(0.1)).toBeLessThan(red(0.4));
    expect(green(0.6)).toBeGreaterThan(green(0.9));
  });
});
