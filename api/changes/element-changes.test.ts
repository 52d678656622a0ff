import { GRAPH_FORMAT, type SopGraph } from '../../sop/graph';
import { elementChanges, fieldChanges } from './element-changes';

function graph(nodes: Record<string, object>, flows: Record<string, object>): SopGraph {
  return { format: GRAPH_FORMAT, processId: 'p', name: 'P', startNodeId: 'start', nodes: nodes as SopGraph['nodes'], flows: flows as SopGraph['flows'] };
}
const start = { id: 'start', kind: 'startEvent', incoming: [], outgoing: ['f1'] };
const task = (unit: string, outgoing = ['f2']) => ({ id: 'review', kind: 'userTask', name: 'Xác minh', assignee: { unit }, incoming: ['f1'], outgoing });
const end = { id: 'end', kind: 'endEvent', incoming: ['f2'], outgoing: [] };
const f1 = { id: 'f1', source: 'start', target: 'review' };
const f2 = { id: 'f2', source: 'review', target: 'end' };

describe('elementChanges', () => {
  it('lists every element of a first version as added, sorted by id', () => {
    expect(elementChanges(null, graph({ start, review: task('tan-phu'), end }, { f1, f2 })).map((c) => `${c.change}:${c.id}:${c.type}`)).toEqual([
      'added:end:endEvent',
      'added:f1:sequenceFlow',
      'added:f2:sequenceFlow',
      'added:review:userTask',
      'added:start:startEvent',
    ]);
  });

  it('marks what a node does, not how it is wired: a new flow is one change, the node it leaves is not', () => {
    const live = graph({ start, review: task('tan-phu'), end }, { f1, f2 });
    const rewired = graph({ start, review: task('tan-phu', ['f2', 'f3']), end }, { f1, f2, f3: { id: 'f3', source: 'review', target: 'end' } });
    expect(elementChanges(live, rewired)).toEqual([{ id: 'f3', name: null, type: 'sequenceFlow', change: 'added' }]);
    expect(elementChanges(live, graph({ start, review: task('tien-thanh'), end }, { f1, f2 }))).toEqual([{ id: 'review', name: 'Xác minh', type: 'userTask', change: 'changed' }]);
    expect(elementChanges(live, live)).toEqual([]);
  });

  it('puts added before changed before removed', () => {
    const live = graph({ start, review: task('tan-phu'), end }, { f1, f2 });
    const next = graph({ start, review: task('tien-thanh', []), notify: { id: 'notify', kind: 'serviceTask', incoming: [], outgoing: [] } }, { f1 });
    expect(elementChanges(live, next).map((c) => `${c.change}:${c.id}`)).toEqual(['added:notify', 'changed:review', 'removed:end', 'removed:f2']);
  });
});

describe('fieldChanges', () => {
  it('names the top-level fields that differ, with both values, ignoring key order inside them', () => {
    const before = { name: 'Lũ', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }], action: { type: 'open-incident', sopKey: 'flood' } };
    const after = { name: 'Lũ', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.8 } }], action: { sopKey: 'flood', type: 'open-incident' }, pendingFor: 'PT5M' };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'levels', before: before.levels, after: after.levels },
      { field: 'pendingFor', before: null, after: 'PT5M' },
    ]);
  });
  it('shows a new rule and a deleted one as all fields on one side', () => {
    expect(fieldChanges(null, { name: 'Mới' })).toEqual([{ field: 'name', before: null, after: 'Mới' }]);
    expect(fieldChanges({ name: 'Cũ' }, null)).toEqual([{ field: 'name', before: 'Cũ', after: null }]);
  });
});
