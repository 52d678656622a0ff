// User tasks: assignees (literal and FEEL), pinned form, data stored under the step id, skipping.
import { EngineDriver } from './driver';

const incident = { incident: { ward: 'tan-phu', title: 'Ngập đường Phú Riềng Đỏ' } };

describe('user task', () => {
  it('creates the task with the FEEL assignee, the pinned form and no due time', async () => {
    const run = await EngineDriver.start('user-task', incident);
    expect(run.commandsOf('createTask')).toEqual([
      {
        type: 'createTask',
        execId: expect.any(Number),
        task: {
          taskId: 'inc-1:xacMinh:1',
          stepId: 'xacMinh',
          name: 'Xác minh hiện trường',
          assignee: { unit: 'tan-phu', role: 'operator' },
          form: { key: 'bao-cao-hien-truong', version: 1 },
          skippable: false,
        },
      },
    ]);
  });

  it('stores the completion data under the step id and records taskDone; the next assignee comes from that data', async () => {
    const run = await EngineDriver.start('user-task', incident);
    const commands = run.complete('xacMinh', { reporter: 'nguyen.van.a', depth: 40 }, 'nguyen.van.a');
    expect(commands[0]).toEqual({ type: 'taskDone', taskId: 'inc-1:xacMinh:1', data: { reporter: 'nguyen.van.a', depth: 40 }, by: 'nguyen.van.a' });
    expect(run.variables.xacMinh).toEqual({ reporter: 'nguyen.van.a', depth: 40 });
    expect(run.task('chupAnh')).toMatchObject({ taskId: 'inc-1:chupAnh:1', assignee: { user: 'nguyen.van.a' }, skippable: true });
    expect(run.task('chupAnh')).not.toHaveProperty('form');
  });

  it('a skippable step is skipped with a justification: data.skipped, justification and who skipped', async () => {
    const run = await EngineDriver.start('user-task', incident);
    run.complete('xacMinh', { reporter: 'nguyen.van.a' });
    expect(run.engine.whyNotSkippable('inc-1:chupAnh:1')).toBeUndefined();
    const commands = run.skip('chupAnh', 'Trời tối, không chụp được', 'truong.ioc');
    expect(commands[0]).toEqual({
      type: 'taskDone',
      taskId: 'inc-1:chupAnh:1',
      data: { skipped: true, justification: 'Trời tối, không chụp được', skippedBy: 'truong.ioc' },
      by: 'truong.ioc',
      skipped: { justification: 'Trời tối, không chụp được' },
    });
    expect(run.variables.chupAnh).toEqual({ skipped: true, justification: 'Trời tối, không chụp được', skippedBy: 'truong.ioc' });
    expect(run.task('pheDuyet').assignee).toEqual({ unit: 'ioc', role: 'leader', user: 'truong.ioc' });
  });

  it('a required step says why it cannot be skipped; a finished task is no longer waiting', async () => {
    const run = await EngineDriver.start('user-task', incident);
    expect(run.engine.whyNotSkippable('inc-1:xacMinh:1')).toBe('step xacMinh is required and cannot be skipped');
    run.complete('xacMinh', { reporter: 'nguyen.van.a' });
    expect(run.engine.whyNotSkippable('inc-1:xacMinh:1')).toBe('task is no longer waiting');
    run.complete('chupAnh');
    run.complete('pheDuyet', { approved: true });
    expect(run.path).toEqual(['xacMinh', 'chupAnh', 'pheDuyet', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a completion for an unknown or finished task changes nothing', async () => {
    const run = await EngineDriver.start('user-task', incident);
    expect(run.handle({ type: 'taskCompleted', taskId: 'inc-1:pheDuyet:1', data: {}, by: 'x' })).toEqual([]);
    run.complete('xacMinh', { reporter: 'a' });
    expect(run.handle({ type: 'taskCompleted', taskId: 'inc-1:xacMinh:1', data: { again: true }, by: 'x' })).toEqual([]);
    expect(run.variables.xacMinh).toEqual({ reporter: 'a' });
  });

  it('an assignee expression that yields nobody is an EngineError naming the step', async () => {
    const run = await EngineDriver.start('user-task', incident);
    expect(() => run.complete('xacMinh', { depth: 40 })).toThrow('chupAnh: the assignee expressions yielded nobody');
  });
});
