import { normalise, type SourceSpec } from './normalise';
import { convertUnit } from './units';

const station: SourceSpec = {
  id: 'flood-sensor/suoi-rat-bridge-11',
  type: 'flood-sensor',
  unit: 'tan-phu',
  location: { lat: 11.5349, lon: 106.8832 },
  metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }],
};
const reading = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  source: station.id,
  metric: 'water_level_m',
  value: 320,
  unit: 'cm',
  observedAt: '2025-06-01T07:30:00+07:00',
  ...over,
});

describe('convertUnit', () => {
  it.each([
    [320, 'cm', 'm', 3.2],
    [2500, 'mm', 'm', 2.5],
    [10, 'ft', 'm', 3.048],
    [212, '°F', '°C', 100],
    [0, 'C', 'K', 273.15],
    [0.035, 'mg/m³', 'µg/m³', 35],
    [35, 'ug/m3', 'mg/m³', 0.035],
    [36, 'km/h', 'm/s', 10],
    [1.5, 'kW', 'W', 1500],
    [80, 'percent', '%', 80],
    [300, 'lux', 'lx', 300],
  ])('%p %s → %s', (value, from, to, expected) => {
    expect(convertUnit(value, from, to)).toBeCloseTo(expected, 9);
  });

  it('refuses units of another dimension or unknown ones', () => {
    expect(convertUnit(1, 'kg', 'm')).toBeUndefined();
    expect(convertUnit(1, '°C', 'm')).toBeUndefined();
    expect(convertUnit(1, 'furlong', 'm')).toBeUndefined();
  });
});

describe('normalise', () => {
  it('converts to the metric unit, keeps the raw value, stores UTC and takes the org unit and location from the source', () => {
    const r = normalise(reading(), station);
    expect(r).toEqual({
      ok: true,
      event: {
        _id: 'flood-sensor/suoi-rat-bridge-11|r1',
        source: station.id,
        eventId: 'r1',
        sourceType: 'flood-sensor',
        orgUnit: 'tan-phu',
        metric: 'water_level_m',
        value: 3.2,
        unit: 'm',
        rawValue: 320,
        rawUnit: 'cm',
        observedAt: new Date('2025-06-01T00:30:00Z'),
        location: { lat: 11.5349, lon: 106.8832 },
      },
    });
  });

  it('assumes the metric unit when none is sent', () => {
    const r = normalise(reading({ value: 2, unit: undefined }), station);
    expect(r.ok && r.event.value).toBe(2);
    expect(r.ok && r.event.rawUnit).toBeUndefined();
  });

  it('marks a value outside the valid range suspect, with the reason', () => {
    const r = normalise(reading({ value: 16, unit: 'm' }), station);
    expect(r.ok && r.event.suspect).toBe(true);
    expect(r.ok && r.event.suspectReason).toBe('value 16 m above the valid maximum 15 m');
    const low = normalise(reading({ value: -500, unit: 'cm' }), station);
    expect(low.ok && low.event.suspectReason).toBe('value -5 m below the valid minimum -1 m');
  });

  it('rejects an unknown source, a disabled one, an unknown metric and an unconvertible unit, naming each', () => {
    expect(normalise(reading(), undefined)).toEqual({ ok: false, error: "source: unknown source 'flood-sensor/suoi-rat-bridge-11' (not registered)" });
    expect(normalise(reading(), { ...station, disabled: true })).toMatchObject({ ok: false, error: expect.stringContaining('disabled') });
    expect(normalise(reading({ metric: 'rain_mm' }), station)).toMatchObject({ ok: false, error: expect.stringContaining("unknown metric 'rain_mm'") });
    expect(normalise(reading({ unit: 'kg' }), station)).toMatchObject({ ok: false, error: expect.stringContaining("cannot convert 'kg' to 'm'") });
    expect(normalise(reading({ value: 'high' }), station)).toMatchObject({ ok: false, error: expect.stringContaining('non-numeric') });
  });

  it('accepts any metric as sent for an open-metric source', () => {
    const r = normalise(reading({ metric: 'dossiers_overdue', value: 7, unit: 'count' }), { ...station, type: 'kpi-feed', openMetrics: true, metrics: [] });
    expect(r).toMatchObject({ ok: true, event: { metric: 'dossiers_overdue', value: 7, unit: 'count' } });
  });
});
