import { unitTree } from './org-tree';

describe('org tree for the pickers', () => {
  it('lists each parent before its children, siblings by name, with their depth', () => {
    const tree = unitTree([
      { id: 'team-b', name: 'Tổ B', parent: 'tan-phu' },
      { id: 'tan-phu', name: 'Phường Tân Phú', parent: 'city' },
      { id: 'city', name: 'Thành phố Đồng Xoài', parent: null },
      { id: 'tan-binh', name: 'Phường Tân Bình', parent: 'city' },
      { id: 'team-a', name: 'Tổ A', parent: 'tan-phu' },
    ]);
    expect(tree.map((u) => `${u.depth}:${u.id}`)).toEqual(['0:city', '1:tan-binh', '1:tan-phu', '2:team-a', '2:team-b']);
  });

  it('lists a unit whose parent is unknown as a root, and survives a cycle', () => {
    const tree = unitTree([
      { id: 'orphan', name: 'Orphan', parent: 'gone' },
      { id: 'a', name: 'A', parent: 'b' },
      { id: 'b', name: 'B', parent: 'a' },
    ]);
    expect(tree.map((u) => u.id)).toEqual(['orphan']);
  });
});
