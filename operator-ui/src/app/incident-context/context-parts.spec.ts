import { readingsChartOption, seriesName } from './readings-chart';
import { distanceText, mapBounds, sourcePins } from './incident-map';

describe('readings chart option', () => {
  const readings = {
    series: [
      {
        source: 'flood-sensor/cau-11',
        sourceName: 'Cầu 11 Suối Rạt',
        metric: 'water_level_m',
        unit: 'm',
        points: [
          ['2026-11-25T01:00:00Z', 1.2],
          ['2026-11-25T01:05:00Z', 2.7],
        ] as [string, number][],
      },
    ],
    triggers: [{ source: 'flood-sensor/cau-11', eventId: 'e1', observedAt: '2026-11-25T01:05:00Z', value: 2.7 }],
  };

  it('draws one line per source and metric and pins each triggering reading', () => {
    const option = readingsChartOption(readings, { trigger: 'Điểm vượt ngưỡng' }, 'vi-VN');
    expect(option.series).toHaveLength(2);
    expect(option.series[0]).toMatchObject({ type: 'line', name: 'Cầu 11 Suối Rạt · water_level_m (m)', data: readings.series[0]!.points });
    expect(option.series[1]).toMatchObject({ type: 'scatter', symbol: 'pin', name: 'Điểm vượt ngưỡng', data: [['2026-11-25T01:05:00Z', 2.7]] });
  });

  it('labels the time axis in city time', () => {
    const option = readingsChartOption(readings, { trigger: 'x' }, 'en-GB');
    expect(option.xAxis.axisLabel.formatter(Date.parse('2026-11-25T01:05:00Z'))).toContain('08:05');
  });

  it('names a series by its id when it has no name, and leaves out an empty unit', () => {
    expect(seriesName({ source: 's/1', sourceName: '', metric: 'aqi', unit: '' })).toBe('s/1 · aqi');
  });
});

describe('incident map markers', () => {
  const place = { id: 'i', title: 'Ngập', severity: 'critical' as const, location: { lat: 11.53, lon: 106.88 } };

  it('draws the sources that have a location, nearest first, named with their distance, only the nearest few on the map itself', () => {
    const pins = sourcePins(
      [
        { id: 'b', name: 'Trạm B', type: 't', location: { lat: 11.54, lon: 106.89 }, distanceKm: 1.26 },
        { id: 'x', name: 'Không vị trí', type: 't', location: null, distanceKm: 0.1 },
        { id: 'a', name: 'Trạm A', type: 't', location: { lat: 11.531, lon: 106.881 }, distanceKm: 0.042 },
        { id: 'c', name: 'Trạm C', type: 't', location: { lat: 11.55, lon: 106.9 }, distanceKm: 1.5 },
        { id: 'd', name: '', type: 't', location: { lat: 11.56, lon: 106.9 }, distanceKm: 1.9 },
      ],
      true,
    );
    expect(pins.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(pins.map((p) => p.label)).toEqual(['Trạm A · 40 m', 'Trạm B · 1,3 km', 'Trạm C · 1,5 km', 'd · 1,9 km']);
    expect(pins.map((p) => p.named)).toEqual([true, true, true, false]);
    expect(sourcePins([{ id: 'e', name: 'E', type: 't', location: { lat: 1, lon: 2 } }], false)[0]!.label).toBe('E');
  });

  it('says distances in metres under a kilometre', () => {
    expect(distanceText(0.004, true)).toBe('< 10 m');
    expect(distanceText(0.456, true)).toBe('460 m');
    expect(distanceText(1.04, false)).toBe('1.0 km');
    expect(distanceText(1.04, true)).toBe('1,0 km');
  });

  it('opens on the box around the incident and its sources', () => {
    expect(mapBounds(place, [{ lat: 11.55, lon: 106.87 }])).toEqual([
      [11.53, 106.87],
      [11.55, 106.88],
    ]);
    expect(mapBounds({ ...place, location: null }, [])).toBeNull();
  });
});
