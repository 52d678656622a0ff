// Multi-instance user tasks (parallel, sequential, completion condition, empty) and sub-processes.
import { EngineDriver, HOUR, MINUTE, T0 } from './driver';

const WARDS = ['tan-phu', 'tan-dong', 'tien-thanh'];

describe('multi-instance user task', () => {
  it('parallel: one task per ward with assignee =ward, results collected in collection order', async () => {
    const run = await EngineDriver.start('mi-parallel');
    expect(run.openTasks()).toEqual(
      WARDS.map((ward, index) => ({
        taskId: `inc-1:kiemTraPhuong:1.${index + 1}`,
        stepId: 'kiemTraPhuong',
        name: 'Kiểm tra phường',
        assignee: { unit: ward, role: 'operator' },
        dueAt: T0 + HOUR,
        skippable: false,
        item: { index, value: ward },
      })),
    );
    run.advance(10 * MINUTE);
    run.complete('inc-1:kiemTraPhuong:1.3', { diem: 3 });
    run.complete('inc-1:kiemTraPhuong:1.1', { diem: 1 });
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:kiemTraPhuong:1.2']);
    run.complete('inc-1:kiemTraPhuong:1.2', { diem: 2 });
    expect(run.variables.baoCao).toEqual([{ diem: 1 }, { diem: 2 }, { diem: 3 }]);
    expect(run.variables).not.toHaveProperty('ward');
    expect(run.armedTimers()).toEqual([]);
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:tongHop:1']);
    expect(run.counts.kiemTraPhuong).toBe(3);
  });

  it('sequential: one task at a time, in collection order', async () => {
    const run = await EngineDriver.start('mi-sequential');
    for (const [index, ward] of WARDS.entries()) {
      expect(run.openTasks().map((t) => [t.taskId, t.assignee.unit, t.dueAt])).toEqual([[`inc-1:kiemTraPhuong:1.${index + 1}`, ward, run.now + HOUR]]);
      run.advance(20 * MINUTE);
      run.complete('kiemTraPhuong', { ward, loop: index + 1 });
    }
    expect(run.variables.baoCao).toEqual(WARDS.map((ward, i) => ({ ward, loop: i + 1 })));
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['tongHop']);
  });

  it('completion condition over the collected results ends early and cancels the remaining tasks', async () => {
    const run = await EngineDriver.start('mi-completion');
    run.complete('inc-1:kiemTraPhuong:1.1', { timThay: false });
    expect(run.openTasks()).toHaveLength(2);
    const commands = run.complete('inc-1:kiemTraPhuong:1.3', { timThay: true, viTri: 'Hồ Suối Cam' });
    expect(commands.filter((c) => c.type === 'cancelTask')).toEqual([{ type: 'cancelTask', taskId: 'inc-1:kiemTraPhuong:1.2', reason: 'completion condition met' }]);
    expect(run.variables.baoCao).toEqual([{ timThay: false }, null, { timThay: true, viTri: 'Hồ Suối Cam' }]);
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['tongHop']);
    expect(run.armedTimers()).toEqual([]);
  });

  it('an empty collection passes straight through with an empty result list', async () => {
    const run = await EngineDriver.start('mi-empty', { incident: { wards: [] } });
    expect(run.commandsOf('createTask').map((c) => c.task.stepId)).toEqual(['tongHop']);
    expect(run.variables.kiemTraPhuong).toEqual([]);
    expect(run.path).toEqual(['kiemTraPhuong']);
  });

  it('a collection that is not a list is an EngineError naming the step', async () => {
    await expect(EngineDriver.start('mi-empty', { incident: { wards: 'tan-phu' } })).rejects.toThrow('kiemTraPhuong: multi-instance collection "incident.wards" is not a list');
  });
});

describe('boundary on a multi-instance task', () => {
  it('an interrupting timer on the host cancels the tasks of every unfinished item', async () => {
    const run = await EngineDriver.start('mi-boundary', { incident: { wards: WARDS } });
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([T0 + 30 * MINUTE]);
    run.complete('inc-1:diemDanh:1.2', { coMat: 12 });
    const fired = run.advance(30 * MINUTE);
    expect(fired.filter((c) => c.type === 'cancelTask').map((c) => (c.type === 'cancelTask' ? c.taskId : ''))).toEqual(['inc-1:diemDanh:1.1', 'inc-1:diemDanh:1.3']);
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:baoThieu:1']);
    expect(run.variables).not.toHaveProperty('diemDanh');
    expect(Object.keys(run.state.scopes)).toEqual(['1']);
  });
});

describe('multi-instance sub-process', () => {
  it('runs the body once per ward with the ward in scope, then continues', async () => {
    const run = await EngineDriver.start('mi-subprocess', { incident: { wards: ['tan-xuan', 'tan-thien'] }, daPhat: [] });
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([
      ['inc-1:nhanHang:1', { unit: 'tan-xuan', role: 'logistics' }],
      ['inc-1:nhanHang:2', { unit: 'tan-thien', role: 'logistics' }],
    ]);
    run.complete('inc-1:nhanHang:2', { goi: 40 });
    expect(run.variables.daPhat).toEqual(['tan-thien:40']);
    run.complete('inc-1:nhanHang:1', { goi: 25 });
    expect(run.variables.daPhat).toEqual(['tan-thien:40', 'tan-xuan:25']);
    expect(run.variables.ketQuaPhat).toEqual([null, null]);
    expect(run.counts).toMatchObject({ nhanHang: 2, ghiSo: 2, ph_end: 2, phatHang: 2, xong: 1 });
    expect(Object.keys(run.state.scopes)).toEqual([]);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});
