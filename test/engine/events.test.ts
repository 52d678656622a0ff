// Start and end events: none, terminate, error at the top level and inside a sub-process.
import { EngineDriver } from './driver';

describe('start and end events', () => {
  it('none end: the path runs start → manual task → end and the run completes at that end', async () => {
    const run = await EngineDriver.start('end-none');
    expect(run.path).toEqual(['ghiNhan', 'ketThuc']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'ketThuc' });
    expect(run.openTasks()).toEqual([]);
    expect(run.state.execs).toEqual({});
  });

  it('terminate end: the other branch’s open task is cancelled and the run completes at the terminate end', async () => {
    const run = await EngineDriver.start('end-terminate');
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([
      ['inc-1:xacMinh:1', { unit: 'tan-phu', role: 'operator' }],
      ['inc-1:dieuXe:1', { unit: 'pccc', role: 'dispatcher' }],
    ]);
    const commands = run.complete('dieuXe', { xe: 2 });
    expect(commands).toContainEqual({ type: 'cancelTask', taskId: 'inc-1:xacMinh:1', reason: 'terminated by dapTat' });
    expect(run.openTasks()).toEqual([]);
    expect(run.path).toEqual(['dieuXe', 'dapTat']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'dapTat' });
    expect(run.variables.dieuXe).toEqual({ xe: 2 });
  });

  it('error end at the top level: the run ends with outcome error and the code; open work is cancelled', async () => {
    const run = await EngineDriver.start('end-error', { incident: { ward: 'tan-binh', crews: [] } });
    expect(run.path).toEqual(['danhGia', 'khongDuLucLuong']);
    expect(run.outcome).toEqual({ outcome: 'error', errorCode: 'NO_CREW' });
    expect(run.commandsOf('createTask').map((c) => c.task.taskId)).toEqual(['inc-1:phongToa:1']);
    expect(run.commandsOf('cancelTask')).toEqual([{ type: 'cancelTask', taskId: 'inc-1:phongToa:1', reason: 'error end event khongDuLucLuong' }]);
    expect(run.openTasks()).toEqual([]);
  });

  it('error end not taken: the same SOP completes normally when crews are available', async () => {
    const run = await EngineDriver.start('end-error', { incident: { ward: 'tan-binh', crews: ['doi-1'] } });
    expect(run.task('phongToa').assignee).toEqual({ unit: 'tan-binh' });
    run.complete('phongToa');
    expect(run.path).toEqual(['danhGia', 'xong', 'phongToa', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('error end inside a sub-process is caught by the error boundary on the sub-process', async () => {
    const run = await EngineDriver.start('subprocess-error');
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:soTan:1', 'inc-1:kiemTraXuong:1']);
    run.complete('kiemTraXuong', { boats: 0 });
    expect(run.commandsOf('cancelTask')).toEqual([{ type: 'cancelTask', taskId: 'inc-1:soTan:1', reason: 'error end event hetXuong' }]);
    expect(run.path).toEqual(['kiemTraXuong', 'hetXuong', 'thieuXuong']);
    expect(run.task('xinHoTro').assignee).toEqual({ unit: 'ioc', role: 'leader' });
    expect(run.outcome).toBeUndefined();
    run.complete('xinHoTro');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'daXinHoTro' });
    expect(run.counts.cuuHo).toBeUndefined(); // the sub-process was interrupted, not completed
  });

  it('the sub-process completes normally when boats are available', async () => {
    const run = await EngineDriver.start('subprocess-error');
    run.complete('kiemTraXuong', { boats: 3 });
    expect(run.outcome).toBeUndefined();
    run.complete('soTan');
    expect(run.path).toEqual(['kiemTraXuong', 'cuuHo_end', 'soTan', 'cuuHo_end', 'cuuHo', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
    expect(Object.keys(run.state.scopes)).toEqual([]);
  });
});
