import { OrgTree } from './org-tree';

const tree = new OrgTree([
  { _id: 'city', name: 'Thành phố', kind: 'city' },
  { _id: 'w1', name: 'Phường Một', kind: 'ward', parent: 'city' },
  { _id: 'c1', name: 'Xã Một', kind: 'commune', parent: 'city' },
  { _id: 't1', name: 'Tổ phản ứng nhanh', kind: 'team', parent: 'w1' },
  { _id: 't2', name: 'Nhóm trực đêm', kind: 'team', parent: 't1' },
  { _id: 'd', name: 'Phòng QLĐT', kind: 'department', parent: 'city' },
  { _id: 't3', name: 'Đội chiếu sáng', kind: 'team', parent: 'd' },
]);

describe('org tree for metrics', () => {
  it("resolves a team's ward through its ancestors", () => {
    expect(tree.wardOf('t2')).toBe('w1');
    expect(tree.wardOf('t1')).toBe('w1');
    expect(tree.wardOf('w1')).toBe('w1');
    expect(tree.wardOf('c1')).toBe('c1');
  });
  it('gives no ward to units outside every ward, unknown units and none', () => {
    expect(tree.wardOf('t3')).toBeNull();
    expect(tree.wardOf('city')).toBeNull();
    expect(tree.wardOf('gone')).toBeNull();
    expect(tree.wardOf(undefined)).toBeNull();
  });
  it('does not loop on a parent cycle', () => {
    const cyclic = new OrgTree([
      { _id: 'a', name: 'A', kind: 'team', parent: 'b' },
      { _id: 'b', name: 'B', kind: 'team', parent: 'a' },
    ]);
    expect(cyclic.wardOf('a')).toBeNull();
  });
  it('lists subtrees and the wards a unit filter can show', () => {
    expect(tree.subtree('w1')).toEqual(['w1', 't1', 't2']);
    expect(tree.wardsWithin()).toEqual(['w1', 'c1']);
    expect(tree.wardsWithin('city')).toEqual(['w1', 'c1']);
    expect(tree.wardsWithin('t1')).toEqual(['w1']);
    expect(tree.wardsWithin('d')).toEqual([]);
    expect(tree.name('t3')).toBe('Đội chiếu sáng');
    expect(tree.name(null)).toBeNull();
  });
});
