import { componentsByKey, placeFieldErrors } from './form-errors';
import type { FormComponent } from './task-api';

const COMPONENTS: FormComponent[] = [
  { type: 'number', key: 'waterLevel', label: 'Mực nước (m)', input: true },
  { type: 'panel', key: 'scene', input: false, components: [{ type: 'textarea', key: 'note', label: 'Ghi chú', input: true }] },
  { type: 'columns', key: 'cols', input: false, columns: [{ components: [{ type: 'checkbox', key: 'roadClosed', label: 'Đã chặn đường', input: true }] }] },
  { type: 'datagrid', key: 'crews', label: 'Tổ công tác', input: true, components: [{ type: 'textfield', key: 'leader', label: 'Tổ trưởng', input: true }] },
  { type: 'button', key: 'submit', label: 'Gửi', input: true },
];

describe('placeFieldErrors', () => {
  it('finds components inside panels, columns and grids', () => {
    expect([...componentsByKey(COMPONENTS).keys()]).toEqual(['waterLevel', 'note', 'roadClosed', 'crews', 'leader', 'submit']);
  });

  it('maps data.<key> to the component key, with the label in the summary', () => {
    const placed = placeFieldErrors({ 'data.waterLevel': 'Mực nước (m) must be a number', 'data.note': 'Ghi chú is required' }, COMPONENTS);
    expect(placed.byKey).toEqual({ waterLevel: 'Mực nước (m) must be a number', note: 'Ghi chú is required' });
    expect(placed.summary).toEqual([
      { key: 'waterLevel', label: 'Mực nước (m)', message: 'Mực nước (m) must be a number' },
      { key: 'note', label: 'Ghi chú', message: 'Ghi chú is required' },
    ]);
  });

  it('places a grid row’s field on the innermost component it names, else on the grid', () => {
    expect(placeFieldErrors({ 'data.crews[0].leader': 'required' }, COMPONENTS).byKey).toEqual({ leader: 'required' });
    expect(placeFieldErrors({ 'data.crews.1.unknown': 'bad row' }, COMPONENTS).byKey).toEqual({ crews: 'bad row' });
  });

  it('keeps what names no component in the summary only', () => {
    const placed = placeFieldErrors({ data: 'expected an object', 'data.gone': 'no such field' }, COMPONENTS);
    expect(placed.byKey).toEqual({});
    expect(placed.summary).toEqual([
      { key: null, label: 'data', message: 'expected an object' },
      { key: null, label: 'data.gone', message: 'no such field' },
    ]);
  });
});
