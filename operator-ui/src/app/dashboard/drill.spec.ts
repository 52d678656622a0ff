import { applyDrill, unitSubtree } from './drill';
import type { MetricsIncident, UnitOption } from './metrics-types';

const units: UnitOption[] = [
  { id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city', parent: null },
  { id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' },
  { id: 'tan-phu-police', name: 'Công an phường Tân Phú', kind: 'team', parent: 'tan-phu' },
  { id: 'tan-dong', name: 'Phường Tân Đồng', kind: 'ward', parent: 'dong-xoai' },
];
const incident = (id: string, unit: string | null, ward: string | null, sopKey = 'flood-response'): MetricsIncident => ({
  id,
  title: id,
  severity: 'warning',
  status: 'open',
  sopKey,
  unit,
  ward,
  lat: null,
  lon: null,
  openedAt: '2026-11-25T01:00:00.000Z',
  mttaMs: null,
  mttrMs: null,
});
const items = [incident('1', 'tan-phu-police', 'tan-phu'), incident('2', 'tan-dong', 'tan-dong', 'camera-alert'), incident('3', null, null)];

describe('drill-down of the incident table', () => {
  it('takes a unit with everything below it', () => {
    expect([...unitSubtree(units, 'tan-phu')].sort()).toEqual(['tan-phu', 'tan-phu-police']);
    expect(applyDrill(items, { kind: 'unit', value: 'tan-phu' }, units).map((i) => i.id)).toEqual(['1']);
    expect(applyDrill(items, { kind: 'unit', value: 'dong-xoai' }, units).map((i) => i.id)).toEqual(['1', '2']);
  });

  it('narrows by ward (empty = outside any ward), SOP or picked ids', () => {
    expect(applyDrill(items, { kind: 'ward', value: 'tan-dong' }, units).map((i) => i.id)).toEqual(['2']);
    expect(applyDrill(items, { kind: 'ward', value: '' }, units).map((i) => i.id)).toEqual(['3']);
    expect(applyDrill(items, { kind: 'sop', value: 'camera-alert' }, units).map((i) => i.id)).toEqual(['2']);
    expect(applyDrill(items, { kind: 'ids', value: '3,1' }, units).map((i) => i.id)).toEqual(['1', '3']);
    expect(applyDrill(items, null, units)).toBe(items);
  });
});
