import { placeProblems, toProblems, worstSeverity } from './problems';

describe('problems on the diagram', () => {
  const result = {
    errors: [
      { elementId: 'task_a', message: 'no assignee' },
      { elementId: 'broken', message: 'process problem' },
      { elementId: 'task_a', message: 'bad SLA' },
      { elementId: 'flow_1', message: 'no condition' },
    ],
    warnings: [{ elementId: 'task_b', message: 'ignored attribute' }],
  };

  it('lists errors before warnings', () => {
    expect(toProblems(result).map((p) => `${p.severity}:${p.elementId}`)).toEqual(['error:task_a', 'error:broken', 'error:task_a', 'error:flow_1', 'warning:task_b']);
    expect(toProblems({})).toEqual([]);
  });

  it('puts each problem on its drawn element, and the rest in the general list', () => {
    const drawn = new Set(['task_a', 'task_b', 'flow_1']);
    const placed = placeProblems(toProblems(result), (id) => drawn.has(id));
    expect([...placed.onDiagram.keys()]).toEqual(['task_a', 'flow_1', 'task_b']);
    expect(placed.onDiagram.get('task_a')?.map((p) => p.message)).toEqual(['no assignee', 'bad SLA']);
    expect(placed.general.map((p) => p.elementId)).toEqual(['broken']);
  });

  it('marks an element by its worst problem', () => {
    const placed = placeProblems(toProblems(result), () => true);
    expect(worstSeverity(placed.onDiagram.get('task_a')!)).toBe('error');
    expect(worstSeverity(placed.onDiagram.get('task_b')!)).toBe('warning');
  });
});
