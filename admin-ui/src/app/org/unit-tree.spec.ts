import { buildUnitTree, slugify, subtreeIds, unitRows, type Unit } from './unit-tree';

const units: Unit[] = [
  { id: 'tan-phu-team', name: 'Tổ ngập', kind: 'team', parent: 'tan-phu' },
  { id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' },
  { id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city', parent: null },
  { id: 'tan-binh', name: 'Phường Tân Bình', kind: 'ward', parent: 'dong-xoai' },
  { id: 'ioc', name: 'Trung tâm IOC', kind: 'department', parent: 'dong-xoai' },
];

describe('unit tree', () => {
  it('nests flat units under their parents, siblings in Vietnamese name order', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.id)).toEqual(['dong-xoai']);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(['tan-binh', 'tan-phu', 'ioc']);
    expect(tree[0]!.children[1]!.children.map((n) => n.id)).toEqual(['tan-phu-team']);
  });

  it('lists the tree depth-first with depths and child counts', () => {
    expect(unitRows(units).map((r) => [r.id, r.depth, r.childCount])).toEqual([
      ['dong-xoai', 0, 3],
      ['tan-binh', 1, 0],
      ['tan-phu', 1, 1],
      ['tan-phu-team', 2, 0],
      ['ioc', 1, 0],
    ]);
  });

  it('makes a unit with an unknown parent a root, and survives a self-parent', () => {
    const rows = unitRows([...units, { id: 'lost', name: 'A lost team', kind: 'team', parent: 'gone' }, { id: 'self', name: 'Self', kind: 'team', parent: 'self' }]);
    expect(rows.filter((r) => r.depth === 0).map((r) => r.id)).toEqual(['lost', 'self', 'dong-xoai']);
  });

  it('knows a unit’s subtree (where it may not move)', () => {
    expect([...subtreeIds(units, 'tan-phu')].sort()).toEqual(['tan-phu', 'tan-phu-team']);
    expect(subtreeIds(units, 'dong-xoai').size).toBe(5);
  });

  it('makes an id from a Vietnamese name', () => {
    expect(slugify('Tổ phản ứng nhanh Đồng Xoài')).toBe('to-phan-ung-nhanh-dong-xoai');
    expect(slugify('  Phường Tân Phú (mới)  ')).toBe('phuong-tan-phu-moi');
  });
});
